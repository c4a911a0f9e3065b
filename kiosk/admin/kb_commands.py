"""``kiosk-admin kb``: the legal knowledge base from a shell (search, pinyin, import, stats, check, show)."""

from __future__ import annotations

import argparse
import sys

from kiosk.admin import EXIT_FAILED, EXIT_OK, EXIT_USAGE, common_options, print_json
from kiosk.legal.audit import Finding, audit, find_article, law_versions, parse_article_ref
from kiosk.legal.importer import DEFAULT_LIMITS, MB, ImportLimits, ImportReport, walk
from kiosk.legal.library import CitedArticle, LegalLibrary
from kiosk.workorders.products import ProductError, is_products_file, read_catalogue


def register(subparsers) -> None:
    kb = subparsers.add_parser("kb", parents=[common_options()], help="legal knowledge base: search, import, stats")
    commands = kb.add_subparsers(dest="kb_command", metavar="KB_COMMAND", required=True)

    search = commands.add_parser("search", parents=[common_options()], help="search answers, guides and articles")
    search.add_argument("query", help="the question, in everyday words")
    search.add_argument("--limit", type=_limit, default=10, help="results to show (1-50, default 10)")
    search.set_defaults(handler=search_command)

    pinyin = commands.add_parser("pinyin", parents=[common_options()], help="terms for pinyin initials, e.g. ldht")
    pinyin.add_argument("code", help="initials or pinyin as typed on the pad")
    pinyin.add_argument("--limit", type=_limit, default=12, help="candidates to show (1-50, default 12)")
    pinyin.set_defaults(handler=pinyin_command)

    imports = commands.add_parser(
        "import", parents=[common_options()],
        help="import statutes (Markdown, the national database's .docx) and answers, guides, channels (JSON, CSV)",
        description="Import statutes and content. A bad file is reported with file and line and the rest goes on; "
                    "exit 0 when every file imported, 1 when some were refused. A products*.json file replaces "
                    "the legal service products catalogue (see kiosk-admin products list).")
    imports.add_argument("paths", nargs="+", metavar="PATH", help="files or folders (walked recursively)")
    defaults = DEFAULT_LIMITS
    imports.add_argument("--max-file-mb", type=_megabytes, default=defaults.file_bytes // MB, metavar="MB",
                         help=f"largest JSON, CSV or .docx file, read whole (default {defaults.file_bytes // MB})")
    imports.add_argument("--max-statute-mb", type=_megabytes, default=defaults.statute_bytes // MB, metavar="MB",
                         help=f"largest Markdown statute, streamed (default {defaults.statute_bytes // MB})")
    imports.set_defaults(handler=import_command)

    stats = commands.add_parser("stats", parents=[common_options()], help="what the knowledge base holds")
    stats.set_defaults(handler=stats_command)

    check = commands.add_parser("check", parents=[common_options()],
                                help="audit every citation of the answers and guides (run after each import)")
    check.set_defaults(handler=check_command)

    show = commands.add_parser("show", parents=[common_options()], help="one answer, guide or article in full")
    show.add_argument("ref", metavar="REF",
                      help="an answer id, a guide's service code, or an article: 民法典#1077, 民法典(2020-05-28)#1077")
    show.set_defaults(handler=show_command)


def _limit(raw: str) -> int:
    try:
        value = int(raw)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number from 1 to 50, got {raw!r}") from None
    if not 1 <= value <= 50:
        raise argparse.ArgumentTypeError(f"expected a whole number from 1 to 50, got {value}")
    return value


def _megabytes(raw: str) -> int:
    try:
        value = int(raw)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number of MB from 1 to 4096, got {raw!r}") from None
    if not 1 <= value <= 4096:
        raise argparse.ArgumentTypeError(f"expected a whole number of MB from 1 to 4096, got {value}")
    return value


def search_command(args, runtime) -> int:
    library = LegalLibrary.for_runtime(runtime)
    try:
        results = library.search(args.query, args.limit, log=False)  # staff look-ups are not what visitors ask
    finally:
        library.close()
    if args.json:
        print_json([result.as_dict() for result in results])
    else:
        for result in results:
            extra = f"  [{result.status}] {result.law}" if result.kind == "article" else ""
            print(f"{result.score:9.3f}  {result.kind:<7}  {result.title}{extra}")
    return EXIT_OK if results else EXIT_FAILED


def pinyin_command(args, runtime) -> int:
    library = LegalLibrary.for_runtime(runtime)
    try:
        candidates = library.pinyin(args.code, args.limit)
    finally:
        library.close()
    if args.json:
        print_json({"code": args.code, "candidates": candidates})
    else:
        print("\n".join(candidates))
    return EXIT_OK if candidates else EXIT_FAILED


def import_command(args, runtime) -> int:
    library = LegalLibrary.for_runtime(runtime)
    limits = ImportLimits(file_bytes=args.max_file_mb * MB, statute_bytes=args.max_statute_mb * MB)
    try:
        catalogues = [path for path in walk(args.paths) if is_products_file(path)]
        report = library.import_paths(args.paths, limits=limits, elsewhere=is_products_file)
        products = sum(_import_products(library, path, report) for path in catalogues)
    except FileNotFoundError as error:
        print(f"kiosk-admin: {error}", file=sys.stderr)
        return EXIT_USAGE
    finally:
        library.close()
    if args.json:
        print_json({**report.as_dict(), "products": products})
    else:
        print(f"imported {report.laws} law files ({report.articles} articles), {report.answers} answers, "
              f"{report.guides} guides, {report.channels} channels, {products} products; skipped {report.skipped} "
              f"files; {len(report.errors)} malformed; {report.seconds:.1f} s")
        print(f"{report.files} files imported, {len(report.errors)} refused")
    for error in report.errors:
        print(f"kiosk-admin: {error}", file=sys.stderr)
    return EXIT_FAILED if report.errors else EXIT_OK


def _import_products(library: LegalLibrary, path, report: ImportReport) -> int:
    """A products catalogue, checked whole before it replaces the one in use; a bad one is refused with
    one line naming the field, and the catalogue in use stays. Returns the products imported."""
    try:
        products, text = read_catalogue(path)
    except ProductError as error:
        report.refuse(str(error))
        return 0
    library.keep_products(text)
    report.files += 1
    return len(products)


def stats_command(args, runtime) -> int:
    library = LegalLibrary.for_runtime(runtime)
    try:
        stats = library.stats()
    finally:
        library.close()
    if args.json:
        print_json(stats)
    else:
        for key, value in stats.items():
            print(f"{key:<16} {value}")
    return EXIT_OK


CHECK_SECTIONS = (
    ("unresolved", "unresolved 无法对应", "citations of a law version or article the knowledge base does not hold"),
    ("outdated", "outdated 非现行版本", "citations of a version not in force, with the version in force"),
    ("changed", "changed 条文已变", "the article reads differently in the version in force: review the answer"),
    ("not_held", "text not held 未收录文本", "the law version is known but its text is not imported"),
)


def check_command(args, runtime) -> int:
    library = LegalLibrary.for_runtime(runtime)
    try:
        library.prepare()
        with library.store.lock:
            report = audit(library.store.connection)
    finally:
        library.close()
    if args.json:
        print_json(report.as_dict())
    else:
        print(f"answers 答复 {report.answers}, guides 指南 {report.guides}, citations 引用 {report.citations}")
        for name, heading, meaning in CHECK_SECTIONS:
            findings = getattr(report, name)
            print(f"{heading}: {len(findings)}" + (f"  ({meaning})" if findings else ""))
            lines = _not_held_lines(findings) if name == "not_held" else map(_finding_line, findings)
            for line in lines:
                print("  " + line)
        print("check passed 检查通过" if report.ok else
              "check failed: unresolved citations 检查未通过：有无法对应的引用")
    return EXIT_OK if report.ok else EXIT_FAILED


def _not_held_lines(findings: list[Finding]) -> list[str]:
    """One line per law version: before the corpus is imported every citation is here."""
    by_law: dict[str, list[str]] = {}
    for finding in findings:
        by_law.setdefault(f"{finding.law}({finding.version})", []).append(finding.id)
    return [f"{law}: {len(ids)} citations 条引用 ({', '.join(dict.fromkeys(ids))})" for law, ids in by_law.items()]


def _finding_line(finding: Finding) -> str:
    line = f"{finding.kind} {finding.id}: {finding.law}({finding.version}) {finding.label}"
    if finding.status:
        line += f" [{finding.status}]"
    if finding.in_force and finding.in_force != finding.version:
        held = "" if finding.in_force_has_text else ", text not held 未收录文本"
        line += f" -> in force 现行 {finding.in_force}{held}"
    elif finding.status and finding.status != "有效" and not finding.in_force:
        line += " -> no version in force 无现行版本"
    return line + (f"  {finding.problem}" if finding.problem else "")


def show_command(args, runtime) -> int:
    library = LegalLibrary.for_runtime(runtime)
    try:
        shown = _show(library, args.ref)
        why = _why_not_found(library, args.ref) if shown is None else ""
    finally:
        library.close()
    if shown is None:
        print(f"kiosk-admin: nothing found for {args.ref!r}: {why}", file=sys.stderr)
        return EXIT_FAILED
    if args.json:
        print_json(shown)
    elif shown["kind"] == "article":
        print(f"{shown['law']} ({shown['version']}) [{shown['status']}] {shown['label']}")
        if shown["in_force"] and shown["in_force"] != shown["version"]:
            print(f"in force 现行: {shown['in_force']}")
        if shown["note"]:
            print(shown["note"])
        if shown["chapter"]:
            print(shown["chapter"])
        print(shown["text"])
    else:
        print(f"{shown['kind']} {shown['ref']}")
        for key in ("question", "answer", "version_note", "question_en", "answer_en", "version_note_en"):
            if shown.get(key):
                print(shown[key])
        print("cites 引用:")
        for cite in shown["cites"]:
            print(f"  {cite['law']}({cite['version']}) {cite['label']} [{cite['status'] or 'unknown 未知'}]"
                  + (f"  {cite['note']}" if cite["note"] else ""))
    return EXIT_OK


def _show(library: LegalLibrary, ref: str) -> dict | None:
    """The answer, guide or article ``ref`` names, as ``kb show --json`` prints it; None when none does."""
    answer = library.answer(ref)
    if answer is not None:
        return {"ref": ref, "kind": "answer", "topic": answer.topic, "question": answer.question,
                "answer": answer.answer, "question_en": answer.question_en, "answer_en": answer.answer_en,
                "version_note": answer.version_note, "version_note_en": answer.version_note_en,
                "cites": [_cite(cite) for cite in answer.cites]}
    guide = library.guide(ref)
    if guide is not None:
        return {"ref": ref, "kind": "guide", "question": guide.name, "question_en": guide.name_en,
                "answer": _guide_text(guide.summary, guide.who, guide.materials, guide.steps, guide.fees,
                                      guide.time_limit, guide.where_when),
                "answer_en": _guide_text(guide.summary_en, guide.who_en, guide.materials_en, guide.steps_en,
                                         guide.fees_en, guide.time_limit_en, guide.where_when_en),
                "hotline": guide.hotline, "cites": [_cite(cite) for cite in guide.cites]}
    article = parse_article_ref(ref)
    if article is None:
        return None
    with library.store.lock:
        found = find_article(library.store.connection, article)
    return {"ref": ref, "kind": "article", **found} if found else None


def _why_not_found(library: LegalLibrary, ref: str) -> str:
    article = parse_article_ref(ref)
    if article is None:
        return "no answer id, guide service or article (such as 民法典#1077) by that name"
    with library.store.lock:
        versions = law_versions(library.store.connection, article.law)
    if not versions:
        return f"no law {article.law} in the knowledge base 知识库无此法"
    if article.version and article.version not in versions:
        return f"no version {article.version}; held: {', '.join(versions)} 无此版本"
    if not any(versions[v] for v in ([article.version] if article.version else versions)):
        return "its text is not held 未收录文本: import it with kiosk-admin kb import"
    return f"no such article 无此条 (versions held: {', '.join(versions)})"


def _cite(cite: CitedArticle) -> dict:
    return {"law": cite.short_title, "title": cite.law, "article": cite.article, "suffix": cite.suffix,
            "label": cite.label, "version": cite.version, "status": cite.status, "note": cite.note,
            "text": cite.text}


def _guide_text(summary: str, who: str, materials: tuple[str, ...], steps: tuple[str, ...], fees: str,
                time_limit: str, where_when: str) -> str:
    """A guide's parts one after another, each list item on a line of its own; empty parts left out."""
    parts = [summary, who, "\n".join(materials), "\n".join(steps), fees, time_limit, where_when]
    return "\n\n".join(part for part in parts if part)
