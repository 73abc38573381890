"""pain_content benchmark suite: every stage as a ratio to the markdown-it floor.

    python -m benchmarks [--quick] [--json OUT] [--repeats N] [--only STAGES] [--no-profile]

THE FLOOR is markdown-it-py rendering the same Markdown to HTML in one process,
``MarkdownIt("commonmark").enable("table").render(text)`` over the same articles,
measured in the same worker process, interleaved with the stage's own repeats.
A stage that handles each article in L languages (or L + 1 pages with English)
is compared with the floor rendering each article that many times, so a ratio
is always "time per document / markdown-it time per document".

Every measurement runs in its own subprocess (a *worker*), so its peak resident
memory (``ru_maxrss``) is its own. Workers that need a project on disk get one
made by a separate setup worker first, so setting up does not count towards
the memory of the stage. See benchmarks/README.md for what each row means.

The modules follow a run: :mod:`.articles` (the corpus and generated
articles), :mod:`.pseudo` (the pseudo-translation, shared with the tests),
:mod:`.measuring` (timing against the floor, in worker subprocesses),
:mod:`.workers`, :mod:`.peers` and :mod:`.profiling` (what each worker runs),
:mod:`.report` (rows, targets, the table) and :mod:`.cli` (the stages in order).
"""
