"""XLIFF 2.1 for computer-assisted translation (CAT) tools: export a catalog, import it back.

The catalog stays the authority. An export carries what a translator needs;
an import takes back only the translations (targets), whether they are
confirmed, and review records it can prove. Importing an unchanged export
changes nothing: ``format_catalog`` gives the same text, and exporting again
gives the same XLIFF.

The mapping (XLIFF 2.1 core, namespace ``urn:oasis:names:tc:xliff:document:2.0``,
and its Metadata module, ``urn:oasis:names:tc:xliff:metadata:2.0``;
https://docs.oasis-open.org/xliff/xliff-core/v2.1/os/xliff-core-v2.1-os.html):

- One ``<file id="f1" original="...">`` per catalog, with ``canResegment="no"``
  so that tools neither split nor join segments. File note: the catalog's
  header comment (``description``).
- One ``<unit>`` per message in use; obsolete entries are not exported. The
  id is :func:`unit_id`: ``u`` and 16 hex digits of the SHA-256 of the key
  gettext itself uses in ``.mo`` files (``msgctxt\\x04msgid``, or the msgid
  alone without a context), so it is stable across exports and never depends
  on the order of the catalog.
- Unit notes, each a ``<note category="...">``: ``context`` (msgctxt),
  ``description`` (extracted comments, ``#.``), ``translator`` (``#``, review
  records left out: they travel as metadata), ``location`` (one per
  reference, ``path:line``), ``flags`` (``#,``, fuzzy included),
  ``previous-context``, ``previous``, ``previous-plural`` (``#|`` lines) and,
  for plural messages, ``plural`` with the Plural-Forms rule. Notes are for
  the translator: an import never reads them.
- A singular message is one ``<segment id="msgstr">``. A plural message is
  one segment per form, ``<segment id="msgstr-N">`` for ``msgstr[N]``, whose
  source is the msgid for form 0 and the msgid_plural for the others (XLIFF
  has no plurals in its core; the ``plural`` note says which form is which).
- ``<source>`` and ``<target>`` carry ``xml:space="preserve"``; a carriage
  return is written ``&#13;`` (XML parsers turn a raw one into a newline) and a
  character XML cannot hold is written ``<cp hex="..."/>``, as XLIFF requires.
- Segment state: a form with text in an entry that carries a valid review
  record (:mod:`pain_content.review`) is ``final``, and the unit starts with
  ``<mda:metadata>`` holding the record: one ``<mda:metaGroup
  category="pain-content-review">`` with a ``<mda:meta>`` of type
  ``reviewer``, ``date`` and ``fingerprint``. A form with text in any other
  entry that is not fuzzy is ``translated``; an empty form has no
  ``<target>`` and state ``initial``; every form of a fuzzy entry is
  ``initial`` with ``subState="gettext:fuzzy"`` and keeps its text as the
  target, a suggestion to check.

Import rules, per unit (every problem is an :class:`ImportNotice` at the
unit's line, in the XLIFF file):

- A unit whose source no longer matches the catalog (its id names no message
  in use, or a source differs from the msgid or msgid_plural) is *stale*: the
  English changed since the export. It is skipped; the others are imported.
- A ``<target>`` sets its form's msgstr (no target: the form is left alone).
  When every form has a target whose state is ``translated``, ``reviewed`` or
  ``final``, the entry stops being fuzzy and loses its previous msgid, as PO
  editors do when a translator confirms an entry. A target left ``initial``
  that changes the text makes the entry fuzzy: an unconfirmed draft never
  ships (``compile`` leaves fuzzy entries out). Otherwise the fuzzy flag stays
  as it was.
- Only ``pain-content review`` signs. A change to an entry's text removes its
  review records (said when a valid one is removed). A unit all ``final`` whose
  metadata holds a record that matches the entry as imported puts that
  record back if the catalog lost it; a ``final`` with no such record (another
  tool's, or a target changed since the review) is imported as translated and
  unsigned, and said so.
- The imported entries then pass the checks of ``check``
  (:func:`pain_content.checks.check_catalog`). An entry with an error finding
  (a changed dose, number, unit, link or markup: what ``build`` would hold
  back) is skipped, left as it was, with a notice per finding giving its code;
  warnings are reported and the entry is imported. Skipping rather than
  importing as fuzzy keeps a good published translation published and never
  stores a poisoned text in the catalog; the translator fixes it in the CAT
  tool and imports again.

Reading is defensive, like ``defusedxml``: a DOCTYPE or ENTITY declaration is
refused before parsing, so no entity can expand or reach outside the text.
Writing uses only :mod:`xml.etree.ElementTree`. Only :func:`plan_export` and
:func:`plan_import` read files, to plan (never write) their output.

One module per direction: :mod:`.mapping` (namespaces, states, unit ids, a
message's segments), :mod:`.export` and :mod:`.importing`.
"""

from .export import catalog_to_xliff, plan_export
from .importing import ImportedCatalog, ImportNotice, ImportPlan, plan_import, xliff_to_catalog
from .mapping import (
    CONFIRMED_STATES,
    FUZZY_SUBSTATE,
    METADATA_NAMESPACE,
    REVIEW_CATEGORY,
    XLIFF_NAMESPACE,
    XLIFF_VERSION,
    unit_id,
)

__all__ = [
    "CONFIRMED_STATES",
    "FUZZY_SUBSTATE",
    "METADATA_NAMESPACE",
    "REVIEW_CATEGORY",
    "XLIFF_NAMESPACE",
    "XLIFF_VERSION",
    "ImportNotice",
    "ImportPlan",
    "ImportedCatalog",
    "catalog_to_xliff",
    "plan_export",
    "plan_import",
    "unit_id",
    "xliff_to_catalog",
]
