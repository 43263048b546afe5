"""The `neuvo` command: the same core services as the windows, for scripts and terminals.

Exit codes: 0 done, 2 bad input or wrong passphrase (nothing changed), 3 the sync server could not be reached
or the sync did not finish (the weeks wait), 1 an unexpected fault.
"""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from app import __version__
from app.errors import BadInput, NeuvoError

if TYPE_CHECKING:
    from app.desk import Desk

PASSPHRASE_ENV = "NEUVO_PASSPHRASE_FILE"


class CliError(NeuvoError):
    """A problem with how the command was called."""


class Parser(argparse.ArgumentParser):
    """argparse that reports a bad argument on one line and exits 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {message} (see '{self.prog} --help')\n")


def _common(parser: argparse.ArgumentParser) -> None:
    # SUPPRESS lets the options stand before or after the subcommand without overwriting each other.
    parser.add_argument(
        "--data-dir",
        type=Path,
        default=argparse.SUPPRESS,
        help="the store's folder (default: the per-user data folder)",
    )
    parser.add_argument(
        "--passphrase-file",
        type=Path,
        default=argparse.SUPPRESS,
        help=f"read the passphrase from this file (or set {PASSPHRASE_ENV})",
    )


def _week(text: str) -> str:
    from app.weeks import parse_week

    try:
        return parse_week(text)
    except BadInput as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def _moment(text: str) -> datetime:
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not an ISO 8601 time like 2026-11-19T14:30") from None


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return value


def _language_list(text: str) -> list[str]:
    return [part.strip() for part in text.split(",") if part.strip()]


def build_parser() -> Parser:
    parser = Parser(prog="neuvo", description="Neuvo: the offline desk for outreach advisory points.")
    parser.add_argument("--version", action="version", version=f"neuvo {__version__}")
    _common(parser)
    commands = parser.add_subparsers(dest="command", parser_class=Parser, metavar="COMMAND")

    gui = commands.add_parser("gui", help="open the app (the default)")
    _common(gui)

    init = commands.add_parser("init", help="create the encrypted store and print the recovery key")
    _common(init)
    init.add_argument("--site", required=True, help="the first site, e.g. 'Puhos shopping centre'")
    init.add_argument("--ui-language", choices=("fi", "sv", "en"))
    init.add_argument(
        "--languages", type=_language_list, default=[], help="languages usually spoken at this desk, e.g. ar,so,ru"
    )

    visit = commands.add_parser("visit", help="log, list and delete visits")
    visit_commands = visit.add_subparsers(dest="visit_command", parser_class=Parser, metavar="ACTION", required=True)
    add = visit_commands.add_parser("add", help="log one visit; prints its id")
    _common(add)
    add.add_argument("--topic", action="append", required=True, help="topic code (repeatable)")
    add.add_argument("--language", action="append", default=[], help="ISO 639 code (repeatable)")
    # Codes are checked against the lists in use in the store (a coordinator may have published more).
    add.add_argument("--interpreter", help="interpreter code (see 'neuvo codes interpreter')")
    add.add_argument("--contact", help="contact code (default walk-in; see 'neuvo codes contact')")
    add.add_argument("--participants", type=_positive)
    add.add_argument("--found-via")
    add.add_argument("--outcome", action="append", default=[], help="outcome code (repeatable)")
    add.add_argument("--duration")
    add.add_argument("--referral-category")
    add.add_argument("--referral-reason")
    add.add_argument("--age-band")
    add.add_argument("--gender")
    add.add_argument("--years-in-finland")
    add.add_argument("--asked-by", help="who asked: self, relative or professional (see 'neuvo codes asked_by')")
    add.add_argument("--site", help="site name (default: the store's default site)")
    add.add_argument("--at", type=_moment, help="when, ISO 8601 (default: now; without offset: Helsinki time)")
    listing = visit_commands.add_parser("list", help="list visits, newest first")
    _common(listing)
    listing.add_argument("--week", type=_week, help="ISO week, e.g. 2026-W47")
    listing.add_argument("--json", action="store_true", help="print JSON")
    remove = visit_commands.add_parser("delete", help="delete a visit by id")
    _common(remove)
    remove.add_argument("id", type=_positive)

    export = commands.add_parser("export", help="export weekly counts")
    export_commands = export.add_subparsers(dest="export_command", parser_class=Parser, metavar="WHAT", required=True)
    weekly = export_commands.add_parser("weekly", help="weekly counts per site")
    _common(weekly)
    weekly.add_argument("--from", dest="first_week", type=_week, required=True, help="first ISO week")
    weekly.add_argument("--to", dest="last_week", type=_week, required=True, help="last ISO week")
    weekly.add_argument("--format", choices=("csv", "json", "xlsx"), required=True)
    weekly.add_argument("--site", help="only this site")
    weekly.add_argument("--out", type=Path, help="write to this file (required for xlsx)")
    weekly.add_argument(
        "--csv-dialect",
        choices=("plain", "excel-fi"),
        default="plain",
        help="plain: the long format, comma-separated (default); excel-fi: the same rows for Excel in Finland "
        "(UTF-8 with BOM, ';', decimal comma)",
    )
    period = export_commands.add_parser(
        "period", help="counts per calendar month, quarter or year per site (a week crossing months split exactly)"
    )
    _common(period)
    period.add_argument("--period", choices=("month", "quarter", "year"), required=True)
    period.add_argument(
        "--from", dest="first", required=True, help="first month, quarter or year: 2026-01, 2026-Q1, 2026"
    )
    period.add_argument("--to", dest="last", required=True, help="last month, quarter or year")
    period.add_argument("--format", choices=("csv", "json", "xlsx"), required=True)
    period.add_argument("--site", help="only this site")
    period.add_argument("--out", type=Path, help="write to this file (required for xlsx)")

    directory = commands.add_parser("directory", help="the offline service directory: import, search, show")
    directory_commands = directory.add_subparsers(
        dest="directory_command", parser_class=Parser, metavar="ACTION", required=True
    )
    load = directory_commands.add_parser(
        "import",
        help="import HSDS 3.0/2.0 or Open Referral UK (JSON, JSON Lines, or CSV folder/zip), PTV or Helsinki TPR "
        "data (all of it or nothing, unless --skip-bad)",
    )
    _common(load)
    load.add_argument(
        "path", type=Path, help="a JSON or JSON Lines file (HSDS, ORUK, Ohana, PTV or TPR), or a folder or zip of CSV"
    )
    load.add_argument("--format", choices=("auto", "hsds-json", "hsds-csv", "ptv", "tpr"), default="auto")
    load.add_argument("--language", default="en", help="the language of the file's text (HSDS: one per file)")
    load.add_argument("--source", help="the data set (default: the file name without its language suffix)")
    load.add_argument(
        "--partial", action="store_true", help="add and update only: do not withdraw entries missing from the file"
    )
    load.add_argument(
        "--skip-bad",
        action="store_true",
        help="import the records that can be read and list each one skipped (file, record, field, reason)",
    )
    find = directory_commands.add_parser("search", help="search the directory")
    _common(find)
    find.add_argument("query", help="any text: words, the start of a word, without diacritics, with a typo")
    find.add_argument("--served-in", help="only services given in this language (ISO 639 code)")
    find.add_argument("--display-language", default="fi", help="the language of the text shown (falls back)")
    find.add_argument("--topic", help="only services with this topic code")
    find.add_argument("--municipality", help="only services in this municipality")
    find.add_argument("--open-now", action="store_true", help="only services open now (Helsinki time)")
    find.add_argument("--no-appointment", action="store_true", help="only services that need no appointment")
    find.add_argument("--free", action="store_true", help="only services that cost nothing")
    find.add_argument("--under-30", action="store_true", help="only services for young people (up to 30)")
    find.add_argument("--json", action="store_true", help="print JSON")
    find.add_argument("--limit", type=_positive, default=20)
    show = directory_commands.add_parser("show", help="everything about one entry")
    _common(show)
    show.add_argument("id", type=_positive)
    show.add_argument("--display-language", default="fi")
    show.add_argument("--json", action="store_true", help="print JSON")

    handout = commands.add_parser(
        "handout", help="write a printable handout of directory entries as a PDF (no window needed)"
    )
    _common(handout)
    handout.add_argument("ids", nargs="+", type=_positive, metavar="ID", help="directory entry ids (see search)")
    handout.add_argument(
        "--lang", required=True, metavar="CODE", help="the visitor's language: fi sv en ar so ru fa et uk zh ckb"
    )
    handout.add_argument("--layout", choices=("page", "cards"), default="page", help="an A4 page or 8 cut-out cards")
    handout.add_argument("--out", type=Path, required=True, metavar="FILE.pdf", help="where to write the PDF")

    sync = commands.add_parser("sync", help="send the weekly counts to the statistics server")
    sync_commands = sync.add_subparsers(dest="sync_command", parser_class=Parser, metavar="ACTION", required=True)
    enroll = sync_commands.add_parser("enroll", help="enroll this laptop with a code from the coordinator")
    _common(enroll)
    enroll.add_argument("--server", required=True, metavar="URL", help="the server, e.g. https://stats.example.fi")
    enroll.add_argument("--code", required=True, help="the one-time enrollment code")
    enroll.add_argument("--ca-bundle", type=Path, metavar="FILE", help="PEM file of the CA your city's server uses")
    now = sync_commands.add_parser("now", help="send every week that waits, now (exit 3 if that did not finish)")
    _common(now)
    proxy = sync_commands.add_parser(
        "proxy", help="show or set the proxy the sync goes through (kept encrypted; none: a direct connection)"
    )
    _common(proxy)
    proxy_choice = proxy.add_mutually_exclusive_group()
    proxy_choice.add_argument(
        "address",
        nargs="?",
        metavar="URL",
        help="e.g. http://proxy.city.fi:8080; '-' reads it from standard input, so that a password "
        "(http://user:password@host:port) stays out of the shell's history and the process list",
    )
    proxy_choice.add_argument("--direct", action="store_true", help="no proxy: connect directly")
    sync_status = sync_commands.add_parser("status", help="enrollment, last successful sync, weeks waiting")
    _common(sync_status)
    sync_status.add_argument("--json", action="store_true", help="print JSON")

    codes = commands.add_parser("codes", help="list the codes with their fi/sv/en labels")
    _common(codes)
    codes.add_argument("dimension", nargs="?", help="only this dimension (e.g. topic, language)")
    codes.add_argument("--json", action="store_true", help="print JSON")
    return parser


# -- helpers --------------------------------------------------------------------------------
def data_dir_of(args: argparse.Namespace) -> Path:
    from app.paths import default_data_dir

    return Path(getattr(args, "data_dir", None) or default_data_dir())


def read_passphrase(args: argparse.Namespace, prompt: str = "Passphrase: ", confirm: bool = False) -> str:
    """From --passphrase-file, the environment variable, or the terminal (never from a pipe)."""
    source = getattr(args, "passphrase_file", None) or os.environ.get(PASSPHRASE_ENV)
    if source:
        try:
            text = Path(source).read_text(encoding="utf-8")
        except OSError as error:
            raise CliError(f"--passphrase-file: cannot read {source} ({error.strerror}).") from None
        return text.rstrip("\r\n")
    if not sys.stdin.isatty():
        raise CliError(f"No passphrase: give --passphrase-file FILE or set {PASSPHRASE_ENV}.")
    passphrase = getpass.getpass(prompt)
    if confirm and getpass.getpass("Again: ") != passphrase:
        raise CliError("The two passphrases differ; nothing was created.")
    return passphrase


def open_store(args: argparse.Namespace) -> Desk:
    """The unlocked desk of --data-dir; a folder without a usable store is refused before the passphrase."""
    from app.desk import Desk
    from app.storage.database import Database

    database = Database(data_dir_of(args))
    database.check_files()
    database.unlock(read_passphrase(args))
    return Desk(database)


# -- commands -------------------------------------------------------------------------------
def cmd_gui(args: argparse.Namespace) -> int:
    from app.ui.main import run_gui

    return run_gui(getattr(args, "data_dir", None))


def cmd_init(args: argparse.Namespace) -> int:
    from app.desk import Desk
    from app.errors import StoreExists, StoreKeyMissing
    from app.languages_check import check_language_codes
    from app.storage.database import Database

    data_dir = data_dir_of(args)
    existing = Database(data_dir)
    if existing.exists():
        raise StoreExists(str(data_dir))
    if existing.has_database_file():
        raise StoreKeyMissing(str(data_dir), is_init=True)
    languages = check_language_codes(args.languages, field="languages")
    passphrase = read_passphrase(args, "New desk passphrase: ", confirm=True)
    desk, recovery_key = Desk.create(existing, passphrase, args.site, languages, args.ui_language)
    desk.lock()
    print(f"Created the encrypted store in {data_dir}.", file=sys.stderr)
    print("Recovery key (store it safely; it is shown only this once):", file=sys.stderr)
    print(recovery_key)
    return 0


def cmd_visit(args: argparse.Namespace) -> int:
    handlers: dict[str, Callable[[argparse.Namespace], int]] = {
        "add": visit_add,
        "list": visit_list,
        "delete": visit_delete,
    }
    return handlers[args.visit_command](args)


def visit_add(args: argparse.Namespace) -> int:
    from app.visits import VisitInput

    visit = VisitInput(
        topics=tuple(args.topic),
        languages=tuple(args.language),
        outcomes=tuple(args.outcome),
        contact=args.contact or "walk-in",
        participants=args.participants or 1,
        interpreter=args.interpreter,
        found_via=args.found_via,
        duration=args.duration,
        referral_category=args.referral_category,
        referral_reason=args.referral_reason,
        age_band=args.age_band,
        gender=args.gender,
        years_in_finland=args.years_in_finland,
        asked_by=args.asked_by,
        at=args.at,
    )
    desk = open_store(args)
    try:
        site_id = desk.sites.by_name(args.site).id if args.site else None
        visit_id = desk.visits.add(replace(visit, site_id=site_id))
    finally:
        desk.lock()
    print(visit_id)
    return 0


def visit_list(args: argparse.Namespace) -> int:
    from app.weeks import local

    desk = open_store(args)
    try:
        visits = desk.visits.list_visits(week=args.week)
    finally:
        desk.lock()
    if args.json:
        print(json.dumps([visit.to_json() for visit in visits], ensure_ascii=False, indent=2))
        return 0
    for visit in visits:
        assert visit.at is not None
        when = local(visit.at).strftime("%Y-%m-%d %H:%M")
        topics = ",".join(visit.topics) or "-"
        languages = ",".join(visit.languages) or "-"
        print(f"{visit.id}\t{when}\t{visit.site_name}\t{topics}\t{languages}\t{visit.contact}")
    return 0


def visit_delete(args: argparse.Namespace) -> int:
    desk = open_store(args)
    try:
        record = desk.visits.delete(args.id)
    finally:
        desk.lock()
    print(f"Deleted visit {record.id}.", file=sys.stderr)
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    if args.export_command == "period":
        return cmd_export_period(args)
    from app import exports
    from app.weeks import weeks_between

    weeks_between(args.first_week, args.last_week)  # a reversed range fails before the passphrase
    if args.format == "xlsx" and args.out is None:
        raise CliError("--out: an XLSX export needs a file name.")
    if args.csv_dialect != "plain" and args.format != "csv":
        raise CliError(f"--csv-dialect: only a CSV export has a dialect, not --format {args.format}.")
    if args.out is not None and not args.out.parent.is_dir():
        raise CliError(f"--out: the folder {args.out.parent} does not exist.")
    desk = open_store(args)
    try:
        site_id = desk.sites.by_name(args.site).id if args.site else None
        if args.out is None:
            reports = desk.statistics.weekly_reports(args.first_week, args.last_week, site_id)
            text = exports.export_text(reports, args.format, args.first_week, args.last_week, args.csv_dialect)
            binary = getattr(sys.stdout, "buffer", None)
            if args.csv_dialect == "excel-fi" and binary is not None:
                # Its CRLF exactly as written: a text stream on Windows would make each one CR CR LF.
                sys.stdout.flush()
                binary.write(text.encode("utf-8"))
            else:
                sys.stdout.write(text)
            return 0
        try:
            exports.export_range(
                desk.statistics,
                args.format,
                args.out,
                args.first_week,
                args.last_week,
                site_id,
                desk.codebook(),
                args.csv_dialect,
            )
        except OSError as error:
            raise CliError(f"--out: cannot write {args.out} ({error.strerror}); nothing was written.") from None
    finally:
        desk.lock()
    return 0


def cmd_export_period(args: argparse.Namespace) -> int:
    from app import exports
    from app.directory.service import referral_service_names
    from app.periods import period_range

    periods = period_range(args.period, args.first, args.last)  # a bad or reversed range fails before the passphrase
    if args.format == "xlsx" and args.out is None:
        raise CliError("--out: an XLSX export needs a file name.")
    if args.out is not None and not args.out.parent.is_dir():
        raise CliError(f"--out: the folder {args.out.parent} does not exist.")
    desk = open_store(args)
    try:
        site_id = desk.sites.by_name(args.site).id if args.site else None
        reports = desk.statistics.period_reports(periods, site_id)
        names: dict[str, dict[str, str]] = {}
        if args.format == "xlsx":
            codes = {code for report in reports for code in report.counts.get("referral_service", {})}
            with desk.database.session() as session:
                names = referral_service_names(session, codes)
        try:
            text = exports.write_period_export(reports, args.format, args.out, periods, names, desk.codebook())
        except OSError as error:
            raise CliError(f"--out: cannot write {args.out} ({error.strerror}); nothing was written.") from None
        if text is not None:
            sys.stdout.write(text)
    finally:
        desk.lock()
    return 0


def cmd_codes(args: argparse.Namespace) -> int:
    from app.codes import LABEL_LANGUAGES, bundled_codebook
    from app.storage.database import Database

    if Database(data_dir_of(args)).exists():
        desk = open_store(args)  # the lists in use there: the coordinator's published ones, if pulled
        book = desk.codebook()
        desk.lock()
    else:
        book = bundled_codebook()
    names = [dimension.name for dimension in book.dimensions if dimension.values]
    wanted = args.dimension
    if wanted is not None and wanted != "language" and wanted not in names:
        raise CliError(f"dimension: unknown '{wanted}' (one of: {', '.join(names + ['language'])}).")
    rows: list[tuple[str, str, list[str]]] = []
    for name in names if wanted is None else [name for name in names if name == wanted]:
        for value in book[name].values:
            rows.append((name, value.code, [value.label(lang) for lang in LABEL_LANGUAGES]))
    if wanted in (None, "language"):
        from app.languages import language_index

        index = language_index()
        for language in sorted(index.all(), key=lambda item: (len(item.code) != 2, item.code)):
            rows.append(("language", language.code, [language.name(lang) for lang in LABEL_LANGUAGES]))
    if args.json:
        document = [
            {"dimension": d, "code": c, **dict(zip(LABEL_LANGUAGES, labels, strict=True))} for d, c, labels in rows
        ]
        print(json.dumps(document, ensure_ascii=False, indent=2))
    else:
        for dimension, code, labels in rows:
            print("\t".join([dimension, code, *labels]))
    return 0


def cmd_directory(args: argparse.Namespace) -> int:
    from app.directory.search import SearchFilters
    from app.languages_check import check_language_codes

    desk = open_store(args)
    try:
        directory = desk.directory
        if args.directory_command == "import":
            (language,) = check_language_codes([args.language], field="language")
            result = directory.import_file(
                args.path, args.format, language, args.source, full=not args.partial, skip_bad=args.skip_bad
            )
            print(result.summary())
        elif args.directory_command == "search":
            check_language_codes([args.display_language], field="display-language")
            if args.served_in:
                check_language_codes([args.served_in], field="served-in")
            filters = SearchFilters(
                args.served_in,
                args.topic,
                args.municipality,
                args.open_now,
                no_appointment=args.no_appointment,
                free=args.free,
                under_30=args.under_30,
            )
            hits = directory.search(args.query, args.display_language, filters, args.limit)
            if args.json:
                document = [
                    {"id": hit.id, "name": hit.name, "organization": hit.organization, "score": hit.score}
                    for hit in hits
                ]
                print(json.dumps(document, ensure_ascii=False, indent=2))
            else:
                for hit in hits:
                    print(f"{hit.id}\t{hit.name}" + (f"\t{hit.organization}" if hit.organization else ""))
        else:
            entry = directory.entry(args.id, args.display_language)
            if args.json:
                print(json.dumps(entry.as_json(), ensure_ascii=False, indent=2))
            else:
                print(_entry_text(entry))
    finally:
        desk.lock()
    return 0


def _entry_text(entry) -> str:  # type: ignore[no-untyped-def]
    lines = [entry.name]
    if entry.organization:
        lines.append(entry.organization)
    if entry.description:
        lines += ["", entry.description, ""]
    if entry.advice.get("alert"):
        lines += [f"alert: {entry.advice['alert']}", ""]
    lines += [
        f"{phone['type'] or 'phone'}: {phone['number']}"
        + (f" ({phone['description']})" if phone["description"] else "")
        for phone in entry.phones
    ]
    if entry.email:
        lines.append(f"e-mail: {entry.email}")
    if entry.url:
        lines.append(f"web: {entry.url}")
    for place in entry.addresses:
        address = ", ".join(
            part for part in (place["name"], place["street"], place["postal_code"], place["city"]) if part
        )
        lines.append(f"address: {address}")
    for hours in entry.opening_hours:
        days = ",".join(hours["days"]) or "every day"
        lines.append(
            f"open: {days} {hours['opens_at'] or ''}–{hours['closes_at'] or ''} {hours['description']}".rstrip()
        )
    if entry.languages:
        lines.append("languages: " + ", ".join(entry.languages))
    if entry.topics:
        lines.append("topics: " + ", ".join(entry.topics))
    lines += _advice_lines(entry.advice)
    lines += [f"related: {related['id']} {related['name']}" for related in entry.related]
    checked = entry.last_checked.isoformat() if entry.last_checked else "never"
    lines.append(f"last checked: {checked}" + (" (possibly out of date)" if entry.is_out_of_date else ""))
    if entry.is_withdrawn:
        lines.append("withdrawn: the source no longer lists this service")
    if entry.note:
        lines.append(f"note: {entry.note}")
    return "\n".join(lines)


def _advice_lines(advice: dict[str, object]) -> list[str]:
    """The advisor's fields of `neuvo directory show`, one labelled line each (only those the entry has)."""
    labels = (
        ("eligibility", "for"),
        ("not_for", "not for"),
        ("application_process", "how to get it"),
        ("fees", "cost"),
        ("required_documents", "documents to bring"),
        ("interpretation", "interpreting"),
    )
    lines = [f"{label}: {advice[key]}" for key, label in labels if advice.get(key)]
    flags = {"appointment_needed": ("appointment needed", "no appointment needed"), "is_free": ("free", "not free")}
    for key, (yes, no) in flags.items():
        if advice.get(key) is not None:
            lines.append(yes if advice[key] else no)
    minimum, maximum = advice.get("minimum_age"), advice.get("maximum_age")
    if minimum is not None or maximum is not None:
        lines.append(f"ages: {minimum if minimum is not None else ''}–{maximum if maximum is not None else ''}")
    return lines


def cmd_handout(args: argparse.Namespace) -> int:
    from app.handouts.content import load_services
    from app.handouts.labels import handout_language
    from app.handouts.render import Handout, write_pdf

    try:
        language = handout_language(args.lang)  # an unknown language fails before the passphrase
    except BadInput as error:
        raise CliError(f"--lang: {error}") from None
    if not args.out.parent.is_dir():
        raise CliError(f"--out: the folder {args.out.parent} does not exist.")
    desk = open_store(args)
    try:
        services = load_services(desk.database.session, list(args.ids), language.code)
        try:
            pages = write_pdf(Handout(services, language, args.layout), args.out)
        except OSError as error:
            raise CliError(f"--out: cannot write {args.out} ({error.strerror}).") from None
        desk.handouts.record(language.code)
    finally:
        desk.lock()
    print(f"Wrote {args.out} ({pages} page{'s' if pages != 1 else ''}).", file=sys.stderr)
    return 0


def cmd_sync(args: argparse.Namespace) -> int:
    from app.errors import SyncUnfinished
    from app.sync.client import check_server_url, read_ca_bundle
    from app.sync.service import normalise_code

    if args.sync_command == "proxy" and args.address is not None:
        from app.sync.proxy import check_proxy_address

        if args.address == "-":
            args.address = sys.stdin.readline().strip() if sys.stdin is not None else ""
            if not args.address:
                raise CliError("sync proxy -: no address on standard input (--direct removes the proxy).")
        check_proxy_address(args.address)  # a refused address fails before the passphrase
    if args.sync_command == "enroll":
        check_server_url(args.server)  # a refused address or a bad file fails before the passphrase
        normalise_code(args.code)
        if args.ca_bundle is not None:
            read_ca_bundle(args.ca_bundle)
    desk = open_store(args)
    try:
        service = desk.sync()
        if args.sync_command == "enroll":
            info = service.enroll(args.server, args.code, str(args.ca_bundle) if args.ca_bundle else None)
            print(f"team: {info.team}")
            print(f"sites: {', '.join(info.sites)}")
        elif args.sync_command == "proxy":
            from app.sync.proxy import proxy_display

            if args.address is not None or args.direct:
                desk.settings.set("sync_proxy", "" if args.direct else args.address)
            print(proxy_display(str(desk.settings.get("sync_proxy") or "")) or "direct")
        elif args.sync_command == "now":
            result = service.sync_once()
            if not result.is_everything_acknowledged:
                raise SyncUnfinished(
                    f"The sync did not finish; {result.waiting_weeks} weeks still wait (sent {result.sent} now)."
                )
            print(f"Sent {result.sent} week{'s' if result.sent != 1 else ''}; everything is acknowledged.")
        else:
            status = service.status()
            if args.json:
                print(json.dumps(status.to_json(), ensure_ascii=False, indent=2))
            else:
                for key, value in status.to_json().items():
                    shown = ", ".join(value) if isinstance(value, list) else value
                    print(f"{key}: {'-' if shown is None else shown}")
    finally:
        desk.lock()
    return 0


def option_names(parser: argparse.ArgumentParser) -> set[str]:
    """Every option of the command and its subcommands ("--at", "--participants", ...)."""
    names: set[str] = set()
    for action in parser._actions:  # noqa: SLF001 - argparse has no public walk of its actions
        names.update(action.option_strings)
        if isinstance(action, argparse._SubParsersAction):  # noqa: SLF001
            for child in action.choices.values():
                names |= option_names(child)
    return names


def error_line(error: NeuvoError, options: set[str]) -> str:
    """The one line the command prints for a known error: the core's sentence, after the option it is about."""
    text = str(error)
    option = f"--{error.field.replace('_', '-')}" if error.field else None
    if option in options and not text.startswith("--"):
        return f"{option}: {text[:1].lower()}{text[1:]}"
    return text


COMMANDS: dict[str | None, Callable[[argparse.Namespace], int]] = {
    None: cmd_gui,
    "gui": cmd_gui,
    "init": cmd_init,
    "visit": cmd_visit,
    "export": cmd_export,
    "codes": cmd_codes,
    "directory": cmd_directory,
    "handout": cmd_handout,
    "sync": cmd_sync,
}


def main(argv: Sequence[str] | None = None) -> int:
    from app import console

    console.use_utf8()
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command not in console.GUI_COMMANDS and console.missing_streams():
        return console.refuse(console.missing_streams())  # a windowed exe, or closed streams: nothing runs
    try:
        return COMMANDS[args.command](args)
    except NeuvoError as error:
        print(f"neuvo: error: {error_line(error, option_names(parser))}", file=sys.stderr)
        return error.exit_code
    except KeyboardInterrupt:
        print("neuvo: interrupted; nothing more was changed.", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
