"""The ``links`` command: check, build, preview and scaffold a project's website and PDFs."""

from __future__ import annotations

import argparse
import errno
import logging
import os
import sys
import traceback
from pathlib import Path

from build_scripts.sources.diagnostics import BuildFailed, format_report


DESCRIPTION = """\
Check, build and preview the website and PDFs of the project in this folder:
content/ (settings, collections, vocabularies, interface texts, pages) and the
folders its collections name. `links new project DIR` starts a new project.

Every command first checks all sources and lists every problem as
path:line:column: message. Nothing is published while there are errors.
"""

EPILOG = """\
examples:
  links check                 check the sources, list every problem
  links status                which translations are missing or outdated
  links status --diff         and what changed in their sources
  links new translation content/pages/about.en.md fi
                              start a translation
  links translate export content/pages/about.en.md fi
                              an XLIFF file for a translator's CAT tool
  links build                 build site/ (every language)
  links serve --lang fr       preview in French at http://127.0.0.1:8000/fr/
"""


def _project_root(arg: str | None) -> Path:
    return Path(arg or os.environ.get("SITE_PROJECT") or ".").resolve()


def cmd_check(args: argparse.Namespace) -> int:
    """Check every source and print every problem."""
    from build_scripts.build import load_checked

    root = _project_root(args.project)
    try:
        _, diags = load_checked(root)
        items = diags.sorted()
    except BuildFailed as failed:
        items = failed.diagnostics
    print(format_report(items, args.format) if items or args.format == "json" else "No problems found.")
    errors = [d for d in items if d.severity == "error"]
    if errors or (args.strict and items):
        return 1
    return 0


def cmd_build(args: argparse.Namespace) -> int:
    """Check, then build the site."""
    from build_scripts.build import build_site

    root = _project_root(args.project)
    out = Path(args.out).resolve() if args.out else None
    try:
        result = build_site(root, out, jobs=args.jobs, languages=tuple(args.lang) if args.lang else None,
                            with_pdfs=not args.no_pdf)
    except BuildFailed as failed:
        print(format_report(failed.diagnostics), file=sys.stderr)
        print("The site was not built; the previously published site is unchanged.", file=sys.stderr)
        return 1
    if result.warnings:
        print(format_report(result.warnings), file=sys.stderr)
        if args.strict:
            print("--strict: warnings count as errors. The new site was built but --strict fails the run.", file=sys.stderr)
            return 1
    renderer = [f"{lang}: {m}" for lang, msgs in result.renderer_warnings.items() for m in msgs]
    for line in renderer:
        print(f"warning: renderer: {line}", file=sys.stderr)
    rendered = sum(1 for p in result.pdfs if p.rendered)
    pdf_note = f" and {len(result.pdfs)} PDFs ({rendered} rendered, {len(result.pdfs) - rendered} unchanged)" if result.pdfs else ""
    print(f"Built {result.pages} pages in {result.languages} languages{pdf_note} into {result.out} in {result.seconds:.1f} s.")
    if args.timings:
        print("timings: " + ", ".join(f"{k} {v:.2f} s" for k, v in result.timings.items()))
    return 1 if (args.strict and renderer) else 0


def cmd_status(args: argparse.Namespace) -> int:
    """Print the translation matrix."""
    from build_scripts.content.loader import load_project
    from build_scripts.sources.history import History
    from build_scripts.content.status import as_json, diffs, format_table, status_rows

    try:
        project, _ = load_project(_project_root(args.project))
    except BuildFailed as failed:
        print(format_report(failed.diagnostics), file=sys.stderr)
        return 1
    rows = status_rows(project, History(project.root))
    print(as_json(project, rows) if args.format == "json" else format_table(project, rows), end="")
    if args.format != "json":
        print()
        from build_scripts.content.citation import deposit_note

        note = deposit_note(project)  # the citation metadata a depositor completes (a note, not an error)
        if note:
            print(note)
    if args.diff:
        changes = diffs(project, rows)
        print("\n" + changes if changes else "\nNo outdated translation has a source change to show.", end="\n")
    states = {cell.state for r in rows for cell in r.cells.values()}
    fail = set(args.fail_on or [])
    if "missing" in fail and "missing" in states or "outdated" in fail and "outdated" in states:
        return 1
    return 0


def cmd_new(args: argparse.Namespace) -> int:
    """Create a skeleton, then check the project so the editor sees what is left to write."""
    from build_scripts.editors import scaffold
    from build_scripts.content.loader import load_project

    if args.what == "project":
        target = Path(args.dir).resolve()
        try:
            created = scaffold.new_project(target, args.name, [c.strip() for c in args.languages.split(",") if c.strip()])
        except scaffold.ScaffoldError as exc:
            print(f"links new: {exc}", file=sys.stderr)
            return 1
        root = target
    else:
        root = _project_root(args.project)
    notes: list[str] = []
    try:
        if args.what == "project":
            pass
        elif args.what == "item":
            created = scaffold.new_item(root, args.collection, args.name, args.title)
        elif args.what == "entry":
            created = scaffold.new_entry(root, args.slug, args.name, args.catalogue)
        elif args.what == "language":
            created, notes = scaffold.new_language(root, args.code, args.name)
        else:
            created = [scaffold.new_translation(root, Path(args.source), args.lang)]
    except scaffold.ScaffoldError as exc:
        print(f"links new: {exc}", file=sys.stderr)
        return 1
    for path in created:
        print(f"wrote {path.relative_to(root)}")
    for note in notes:
        print(f"note: {note}")
    try:
        _, diags = load_project(root)
    except BuildFailed as failed:
        print(format_report(failed.diagnostics), file=sys.stderr)
        print("The new files were written, but the project now has errors (listed above).", file=sys.stderr)
        return 1
    mine = {str(p.relative_to(root)) for p in created}
    todo = [d for d in diags.sorted() if "TODO" in d.message and d.location.path in mine]
    if todo:
        print(f"\nStill to write ({len(todo)}):\n" + format_report(todo))
    print("\nNext: write the texts, then run `links check` and `links status`.")
    return 0


def cmd_translate(args: argparse.Namespace) -> int:
    """Export a text for a CAT tool, or import its translation."""
    from build_scripts.content.loader import load_project
    from build_scripts.editors import translate

    root = _project_root(args.project)
    try:
        project, _ = load_project(root)
    except BuildFailed as failed:
        print(format_report(failed.diagnostics), file=sys.stderr)
        print("Fix these problems first: nothing was exported or imported.", file=sys.stderr)
        return 1
    try:
        if args.action == "export":
            file = Path(args.file)
            if not file.is_absolute() and not file.exists():
                file = root / file  # a path as `links status` prints it, relative to the project
            export = translate.prepare(project, file.resolve(), args.lang)
            data = translate.to_xliff(export) if args.format == "xliff" else translate.to_po(export)
            out = Path(args.out) if args.out else Path(translate.default_output(export, args.format))
            out.write_bytes(data)
            counts = {state: sum(1 for u in export.units if u.state == state) for state in ("translated", "review", "new")}
            print(f"wrote {out}: {len(export.units)} segments of {export.source_rel} for {export.trg_lang} "
                  f"({counts['translated']} translated, {counts['review']} to review because the source changed, "
                  f"{counts['new']} new)")
            for note in export.notes:
                print(f"note: {note}")
            return 0
        result = translate.import_file(project, Path(args.file))
    except translate.TranslateError as failed:
        print(format_report(failed.diagnostics), file=sys.stderr)
        print("Nothing was written." if args.action == "import" else "Nothing was exported.", file=sys.stderr)
        return 1
    rel = result.path.relative_to(project.root).as_posix() if result.path.is_relative_to(project.root) else result.path
    if result.warnings:
        print(format_report(result.warnings), file=sys.stderr)
    print(f"wrote {rel}" if result.changed else f"{rel} is unchanged: it already says what the file says")
    if result.untranslated or result.review:
        print(f"note: {result.untranslated} segments have no translation (their source text is kept) and "
              f"{result.review} are still marked for review; the file is marked 'draft: true' until they are done.")
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    """Preview with live rebuilds."""
    from build_scripts.editors.preview import serve

    return serve(_project_root(args.project), port=args.port, lang=args.lang)


def translate_formats() -> tuple[str, ...]:
    """The exchange formats of `links translate export`."""
    return ("xliff", "po")


def make_parser() -> argparse.ArgumentParser:
    """The command-line interface, with its help texts."""
    parser = argparse.ArgumentParser(prog="links", description=DESCRIPTION, epilog=EPILOG,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--project", metavar="DIR", help="the project folder (default: the current folder)")
    parser.add_argument("--debug", action="store_true", help="show internal details when something unexpected fails")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("check", help="check every source and list every problem",
                       description="Check every source (YAML, Markdown, links, images, translations) without building.")
    p.add_argument("--strict", action="store_true", help="fail on warnings too")
    p.add_argument("--format", choices=("text", "json"), default="text", help="text for people, json for CI annotations")
    p.set_defaults(func=cmd_check)

    p = sub.add_parser("build", help="check, then build the site into site/",
                       description="Check every source, then build the website in every language into site/ "
                                   "(into a temporary folder first, swapped in when complete). A second build in the same folder "
                                   "waits for the first to finish.")
    p.add_argument("--out", metavar="DIR", help="where to publish (default: site/ in the project)")
    p.add_argument("--jobs", type=int, default=None, metavar="N", help="parallel workers (default: one per core)")
    p.add_argument("--lang", action="append", metavar="CODE", help="build only this language (repeatable)")
    p.add_argument("--no-pdf", action="store_true", help="skip the PDF brochures (faster previews)")
    p.add_argument("--timings", action="store_true", help="print how long each stage took")
    p.add_argument("--strict", action="store_true", help="fail on warnings too")
    p.set_defaults(func=cmd_build)

    p = sub.add_parser("status", help="show which documents are translated, missing or outdated, with word counts",
                       description="Print a table of documents x languages: 'ok' (translated from the current source), "
                                   "'missing', or 'OUTDATED' (the source changed after the version the translation records), "
                                   "with word counts. The 'version' column is what a new translation records as source_hash. "
                                   "For each outdated translation it says since when the source changed (from git) "
                                   "and which sections (headings) and segments (blocks, with their line in the source) to update.")
    p.add_argument("--format", choices=("text", "json"), default="text", help="text for people, json for scripts")
    p.add_argument("--diff", action="store_true",
                   help="also show what changed in each source since the version its translation records")
    p.add_argument("--fail-on", action="append", choices=("missing", "outdated"), help="exit 1 when a cell is in this state")
    p.set_defaults(func=cmd_status)

    p = sub.add_parser("new", help="create a skeleton: a project, an item, a catalogue entry, a language or a translation",
                       description="Create valid skeleton files, then check the project. Places still to write say "
                                   "TODO, which `links check` lists as warnings. Existing files are never overwritten.",
                       epilog="examples:\n"
                              "  links new project ../my-project --name \"My project\" --languages pt,hr\n"
                              "  links new item tools museums --title \"Working with science museums\"\n"
                              "  links new entry open-lab --name \"Open Lab\"\n"
                              "  links new language es --name Español\n"
                              "  links new translation content/pages/about.en.md fi",
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    what = p.add_subparsers(dest="what", metavar="WHAT", required=True)
    q = what.add_parser("project", help="a new project in a new folder: settings, one collection, a home page",
                        description="Create a minimal valid project that builds a site and a PDF at once. It declares "
                                    "no funding and no logo until you add them to content/site.yml.")
    q.add_argument("dir", help="the new folder")
    q.add_argument("--name", required=True, help="the name of the project, e.g. \"ACME\"")
    q.add_argument("--languages", required=True, help="language codes, the source language first, e.g. pt,hr")
    q = what.add_parser("item", help="an item of a collection: its metadata and a skeleton of each document",
                        description="Create a folder in the collection's folder (with the next free number when the "
                                    "collection is numbered), as content/collections.yml describes it.")
    q.add_argument("collection", help="the id of the collection in content/collections.yml, e.g. tools")
    q.add_argument("name", help="the item's name, in lowercase with hyphens; it names the folder and the address")
    q.add_argument("--title", required=True, help="the title in the source language")
    q = what.add_parser("entry", help="a catalogue entry, with a line for each facet of the catalogue",
                        description="Create FOLDER/SLUG.yml in the catalogue's folder.")
    q.add_argument("slug", help="the entry's name in the address, in lowercase with hyphens, e.g. open-lab")
    q.add_argument("--name", required=True, help="its official name, as its source writes it")
    q.add_argument("--catalogue", help="the catalogue's id (needed when the project has several)")
    q = what.add_parser("language", help="a language: adds it to content/site.yml and starts content/ui/CODE.yml",
                        description="Add a language to the site. Every document then shows as missing in "
                                    "`links status` and readers see the source text until it is translated.")
    q.add_argument("code", help="the ISO 639-1 code, e.g. es")
    q.add_argument("--name", required=True, help="the name of the language in that language, e.g. Español")
    q = what.add_parser("translation", help="start translating a page or a document published in every language",
                        description="Copy a source file to its translation, recording the source's version and "
                                    "'draft: true' (readers keep the source text until you delete that line).")
    q.add_argument("source", help="the source file, e.g. content/pages/about.en.md")
    q.add_argument("lang", help="the language to translate into, e.g. fi")
    p.set_defaults(func=cmd_new)

    p = sub.add_parser("translate", help="hand a text to a translator's CAT tool (XLIFF 2.0 or PO) and take it back",
                       description="Export a source text as XLIFF 2.0 or PO for a translator who works in a CAT tool, "
                                   "and import the translated file as the Markdown translation. One segment per "
                                   "heading, paragraph, list item, table cell, box title and text, and the title and "
                                   "description; links and formatting are placeholders the translator keeps.",
                       epilog="examples:\n"
                              "  links translate export content/pages/about.en.md fr\n"
                              "  links translate export content/pages/about.en.md fi --format po\n"
                              "  links translate import pages-about.fi.po",
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    action = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    q = action.add_parser("export", help="write an XLIFF 2.0 or PO file of a source text for one language",
                          description="Write the segments of a source text for translation into LANG. Segments "
                                      "the existing translation already has are filled in; those whose source "
                                      "changed since the version the translation records are marked for review "
                                      "(XLIFF state 'initial', PO 'fuzzy', with the previous source text).")
    q.add_argument("file", help="the source text, e.g. content/pages/about.en.md")
    q.add_argument("lang", help="the language to translate into, e.g. fr")
    q.add_argument("--format", choices=translate_formats(), default="xliff",
                   help="xliff (XLIFF 2.0, the default) or po (gettext PO)")
    q.add_argument("-o", "--out", metavar="OUT",
                   help="the file to write (default: FOLDER-NAME.LANG.xlf or .po in the current folder)")
    q = action.add_parser("import", help="write the Markdown translation from a translated XLIFF or PO file",
                          description="Check every segment's placeholders, then write the translation next to its "
                                      "source (about.en.md -> about.fr.md) with the source's version in "
                                      "source_hash. Problems are listed as FILE:LINE:COLUMN: message, with "
                                      "the line in the .xlf or .po file, and then nothing is written. The source "
                                      "must not have changed since the export.")
    q.add_argument("file", help="the translated .xlf or .po file")
    p.set_defaults(func=cmd_translate)

    p = sub.add_parser("serve", help="preview the site, rebuilding on every edit",
                       description="Build the site and serve it on http://127.0.0.1:PORT/. Edits in content/, the "
                                   "collections' folders and overrides/ rebuild the site and reload the browser; errors show "
                                   "in the terminal and in the page, and the server keeps running.")
    p.add_argument("--port", type=int, default=8000, help="the port to serve on (default: 8000)")
    p.add_argument("--lang", metavar="CODE", help="build only this language, for faster rebuilds")
    p.set_defaults(func=cmd_serve)
    return parser


_ENVIRONMENT = {
    errno.ENOSPC: "the disk is full",
    errno.EDQUOT: "the disk quota is used up",
    errno.EROFS: "the folder is on a read-only disk",
    errno.EACCES: "permission denied",
    errno.EPERM: "permission denied",
    errno.EFBIG: "a file grew larger than this machine allows",
    errno.EMFILE: "too many open files",
    errno.ENOMEM: "the machine ran out of memory",
}


def environment_error(exc: OSError) -> str | None:
    """A plain sentence for a problem of the machine rather than of the sources or the program, or None."""
    reason = _ENVIRONMENT.get(exc.errno or 0)
    if reason is None:
        return None
    where = f" ({exc.filename})" if exc.filename else ""
    return f"{reason}{where}; nothing was published. Fix this on the machine, then run the command again."


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``links`` command."""
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s: %(name)s: %(message)s")
    parser = make_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        return int(args.func(args))
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader closed the pipe (`links status | head`): stop quietly, as other commands do.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 1
    except OSError as exc:
        message = environment_error(exc)
        if message is None:
            raise
        print(f"links: {message}", file=sys.stderr)
        return 1
    except Exception as exc:  # an editor should never see a traceback
        if args.debug:
            traceback.print_exc()
        print(f"links: internal error: {type(exc).__name__}: {exc}\n"
              "This is a bug in the publishing system, not in your text. Run again with --debug and report it.",
              file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
