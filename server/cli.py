"""The `neuvo-server` command: serve, migrate, and the coordinator's chores (accounts, codes, devices, exports).

Exit codes: 0 done, 2 bad input (one line on stderr, nothing changed), 1 an unexpected fault.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Sequence
from datetime import timedelta
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from app import __version__
from app.cli import Parser
from app.errors import NeuvoError
from server.errors import ServerRefusal

_LIFETIME = re.compile(r"^(\d+)\s*([mhd])$")
_UNITS = {"m": "minutes", "h": "hours", "d": "days"}


def _lifetime(text: str) -> timedelta:
    match = _LIFETIME.match(text.strip().lower())
    if match is None or int(match.group(1)) < 1:
        raise argparse.ArgumentTypeError(f"'{text}' is not a duration like 30m, 24h or 7d")
    return timedelta(**{_UNITS[match.group(2)]: int(match.group(1))})


def _threshold(text: str) -> int:
    from server.suppression import check_threshold

    if not text.isdigit():
        raise argparse.ArgumentTypeError(f"'{text}' is not a whole number of 1 or more")
    try:
        check_threshold(int(text))
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None
    return int(text)


def _common(parser: argparse.ArgumentParser) -> None:
    # SUPPRESS lets the option stand before or after the subcommand without overwriting each other.
    parser.add_argument(
        "--database-url",
        default=argparse.SUPPRESS,
        help="SQLAlchemy URL (default: $NEUVO_SERVER_DATABASE_URL, else sqlite:///./var/neuvo-server.db)",
    )


def build_parser() -> Parser:
    parser = Parser(prog="neuvo-server", description="Neuvo's central statistics server.")
    parser.add_argument("--version", action="version", version=f"neuvo-server {__version__}")
    _common(parser)
    commands = parser.add_subparsers(dest="command", parser_class=Parser, metavar="COMMAND", required=True)

    serve = commands.add_parser("serve", help="run the server (migrates the database first)")
    _common(serve)
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8080)

    migrate = commands.add_parser("migrate", help="bring the database to the current schema")
    _common(migrate)

    coordinator = commands.add_parser("coordinator", help="coordinator accounts")
    coordinator_commands = coordinator.add_subparsers(
        dest="coordinator_command", parser_class=Parser, metavar="ACTION", required=True
    )
    create_coordinator = coordinator_commands.add_parser("create", help="create a coordinator account")
    _common(create_coordinator)
    create_coordinator.add_argument("--email", required=True)
    create_coordinator.add_argument("--password-file", type=Path, required=True, help="a file holding the password")

    enrollment = commands.add_parser("enrollment", help="one-time enrollment codes for devices")
    enrollment_commands = enrollment.add_subparsers(
        dest="enrollment_command", parser_class=Parser, metavar="ACTION", required=True
    )
    create_enrollment = enrollment_commands.add_parser(
        "create", help="a code enrolling one device for the team of a site; the code is the last line printed"
    )
    _common(create_enrollment)
    create_enrollment.add_argument("--site", required=True, help="the site (created, with a team of its own, if new)")
    create_enrollment.add_argument("--team", help="the team of a new site (default: a team named after the site)")
    create_enrollment.add_argument("--expires", type=_lifetime, default=timedelta(hours=24), help="30m, 24h, 7d")

    device = commands.add_parser("device", help="enrolled devices")
    device_commands = device.add_subparsers(dest="device_command", parser_class=Parser, metavar="ACTION", required=True)
    listing = device_commands.add_parser("list", help="list enrolled devices")
    _common(listing)
    listing.add_argument("--json", action="store_true", help="print JSON")
    revoke = device_commands.add_parser("revoke", help="revoke a device (a lost or stolen laptop)")
    _common(revoke)
    revoke.add_argument("device_id")

    codes = commands.add_parser("codes", help="the code lists (topics, outcomes, ...) devices use")
    codes_commands = codes.add_subparsers(dest="codes_command", parser_class=Parser, metavar="ACTION", required=True)
    upload = codes_commands.add_parser(
        "upload", help="publish an extended codes document (every code kept; new codes with fi, sv, en labels)"
    )
    _common(upload)
    upload.add_argument("file", type=Path, metavar="FILE", help="the whole document, resources/codes.json format")
    show = codes_commands.add_parser("show", help="print the codes document devices get now")
    _common(show)

    directory = commands.add_parser("directory", help="the shared directory: advisors' flags, the HSDS API's access")
    directory_commands = directory.add_subparsers(
        dest="directory_command", parser_class=Parser, metavar="ACTION", required=True
    )
    flags = directory_commands.add_parser("flags", help="entries advisors flagged as wrong or out of date")
    _common(flags)
    flags.add_argument("--json", action="store_true", help="print JSON")
    access = directory_commands.add_parser(
        "api-access", help="who may read the HSDS 3.0 API at /hsds: anyone (public) or holders of a token"
    )
    _common(access)
    access.add_argument(
        "mode",
        choices=("public", "token", "status"),
        help="public: open to anyone; token: make a new token (printed once; the old one stops working); status",
    )

    export = commands.add_parser("export", help="exports")
    export_commands = export.add_subparsers(dest="export_command", parser_class=Parser, metavar="WHAT", required=True)
    weekly = export_commands.add_parser("weekly", help="weekly counts per site, summed over devices")
    _common(weekly)
    weekly.add_argument("--from", dest="first_week", required=True, help="first ISO week, e.g. 2026-W40")
    weekly.add_argument("--to", dest="last_week", required=True, help="last ISO week")
    weekly.add_argument("--format", choices=("csv", "json", "xlsx"), required=True)
    weekly.add_argument("--site", help="only this site")
    weekly.add_argument("--combined", action="store_true", help="one row set per week over all sites (site ALL)")
    weekly.add_argument(
        "--by", choices=("site", "team", "combined"), default="site", help="sum per site (default), team or all sites"
    )
    weekly.add_argument(
        "--period",
        choices=("week", "month", "quarter"),
        default="week",
        help="one row set per week (default), month or quarter",
    )
    weekly.add_argument("--threshold", type=_threshold, help="small-cell threshold (default: the server's, 5)")
    weekly.add_argument("--out", type=Path, help="write to this file (required for xlsx; default: stdout)")

    period = export_commands.add_parser(
        "period",
        help="counts per calendar month, quarter or year (Helsinki time; a week crossing months split exactly)",
    )
    _common(period)
    period.add_argument("--period", dest="kind", choices=("month", "quarter", "year"), required=True)
    period.add_argument(
        "--from", dest="first", required=True, help="first month, quarter or year: 2026-01, 2026-Q1, 2026"
    )
    period.add_argument("--to", dest="last", required=True, help="last month, quarter or year")
    period.add_argument("--format", choices=("csv", "json", "xlsx"), required=True)
    period.add_argument("--site", help="only this site")
    period.add_argument("--team", help="only the sites of this team")
    period.add_argument("--combined", action="store_true", help="one row set per period over all sites (site ALL)")
    period.add_argument(
        "--by", choices=("site", "team", "combined"), default="site", help="sum per site (default), team or all sites"
    )
    period.add_argument("--threshold", type=_threshold, help="small-cell threshold (default: the server's, 5)")
    period.add_argument("--out", type=Path, help="write to this file (required for xlsx; default: stdout)")

    report = commands.add_parser("report", help="reports for decision makers")
    report_commands = report.add_subparsers(dest="report_command", parser_class=Parser, metavar="WHAT", required=True)
    summary = report_commands.add_parser(
        "summary", help="a two-page PDF: totals, the monthly trend, top topics and languages, completeness, methods"
    )
    _common(summary)
    summary.add_argument("--from", dest="first", required=True, help="first month (or quarter, year): 2026-01")
    summary.add_argument("--to", dest="last", required=True, help="last month (or quarter, year): 2026-06")
    summary.add_argument("--lang", choices=("fi", "sv", "en"), required=True, help="the report's language")
    scope = summary.add_mutually_exclusive_group()
    scope.add_argument("--site", help="only this site")
    scope.add_argument("--team", help="only the sites of this team")
    summary.add_argument("--threshold", type=_threshold, help="small-cell threshold (default: the server's, 5)")
    summary.add_argument("--out", type=Path, required=True, help="the PDF file to write")

    complete = commands.add_parser(
        "completeness", help="which sites reported which weeks (reported, missing, no-desk) and the reporting rate"
    )
    _common(complete)
    complete.add_argument("--from", dest="first_week", required=True, help="first ISO week, e.g. 2026-W01")
    complete.add_argument("--to", dest="last_week", required=True, help="last ISO week")
    complete.add_argument("--site", help="only this site")
    complete.add_argument("--team", help="only the sites of this team")
    complete.add_argument("--json", action="store_true", help="print JSON")

    audit = commands.add_parser(
        "audit", help="play the attacker on the published tables of a period: can any count of 1-4 be pinned?"
    )
    _common(audit)
    audit.add_argument("--from", dest="first_week", required=True, help="first ISO week, e.g. 2026-W01")
    audit.add_argument("--to", dest="last_week", required=True, help="last ISO week")
    audit.add_argument("--json", action="store_true", help="print JSON")
    audit.add_argument("--threshold", type=_threshold, help="small-cell threshold (default: the server's, 5)")
    audit.add_argument(
        "--noise-bound",
        type=_noise_bound,
        default=20,
        help="the largest perturbation the attacker assumes (default 20: wrong once in a million draws)",
    )
    return parser


def _noise_bound(text: str) -> int:
    if not text.isdigit():
        raise argparse.ArgumentTypeError(f"'{text}' is not a whole number of 0 or more")
    return int(text)


def _engine(args: argparse.Namespace) -> Engine:
    from server.config import database_url
    from server.db import make_engine, upgrade

    engine = make_engine(database_url(getattr(args, "database_url", None)))
    upgrade(engine)
    return engine


def _serve(args: argparse.Namespace) -> int:
    import uvicorn

    from server.app import create_app

    uvicorn.run(create_app(getattr(args, "database_url", None)), host=args.host, port=args.port)
    return 0


def _migrate(args: argparse.Namespace) -> int:
    from server.db import HEAD_REVISION

    _engine(args)
    print(f"The database is at schema revision {HEAD_REVISION}.")
    return 0


def _create_coordinator(args: argparse.Namespace) -> int:
    from server.coordinators import create_coordinator
    from server.db import transaction

    try:
        password = args.password_file.read_text(encoding="utf-8").rstrip("\r\n")
    except (OSError, UnicodeDecodeError) as error:
        raise ServerRefusal(f"Cannot read the password file {args.password_file}: {error}.") from None
    with transaction(_engine(args)) as session:
        coordinator = create_coordinator(session, args.email, password)
        email = coordinator.email
    print(f"Coordinator {email} created.")
    return 0


def _create_enrollment(args: argparse.Namespace) -> int:
    from server.db import transaction
    from server.enrollments import create_enrollment

    with transaction(_engine(args)) as session:
        created = create_enrollment(session, args.site, args.team, args.expires)
    expires = created.expires_at.isoformat(timespec="minutes")
    print(f"Enrollment code for one device of team '{created.team}' (site '{created.site}'), valid until {expires}:")
    print(created.code)
    return 0


def _list_devices(args: argparse.Namespace) -> int:
    from server.db import read_transaction
    from server.devices import all_devices, device_row

    with read_transaction(_engine(args)) as session:
        rows = [device_row(device).model_dump(mode="json") for device in all_devices(session)]
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    if not rows:
        print("No devices are enrolled.")
    for row in rows:
        state = f"revoked {row['revoked_at']}" if row["revoked_at"] else f"last seen {row['last_seen_at'] or 'never'}"
        print(f"{row['device_id']}  {row['name']}  team '{row['team']}'  {state}")
    return 0


def _revoke_device(args: argparse.Namespace) -> int:
    from server.db import transaction
    from server.devices import revoke

    with transaction(_engine(args)) as session:
        device = revoke(session, args.device_id)
        name = device.name
    print(f"Device {args.device_id} ({name}) is revoked; its next request is refused.")
    return 0


def _export_weekly(args: argparse.Namespace) -> int:
    from server.api.exports import checked_range
    from server.config import suppression_threshold
    from server.db import read_transaction
    from server.exports import published_tables, weekly_export
    from server.suppression import Grouping

    if args.format == "xlsx" and args.out is None:
        raise ServerRefusal("--out FILE is required for xlsx (a spreadsheet is not written to the terminal).")
    first_week, last_week = checked_range(args.first_week, args.last_week)
    threshold = suppression_threshold(args.threshold)
    with read_transaction(_engine(args)) as session:
        grouping: Grouping = "combined" if args.combined else args.by
        reports = published_tables(session, first_week, last_week, threshold, args.site, grouping, args.period)
    body = weekly_export(reports, args.format, threshold, first_week, last_week)
    if args.out is None:
        sys.stdout.buffer.write(body)
        sys.stdout.flush()
    else:
        try:
            args.out.write_bytes(body)
        except OSError as error:
            raise ServerRefusal(f"Cannot write {args.out}: {error.strerror or error}.") from None
        print(f"Wrote {len(reports)} {args.period}ly reports to {args.out}.", file=sys.stderr)
    return 0


def _write(body: bytes, out: Path | None, what: str) -> None:
    if out is None:
        sys.stdout.buffer.write(body)
        sys.stdout.flush()
        return
    try:
        out.write_bytes(body)
    except OSError as error:
        raise ServerRefusal(f"Cannot write {out}: {error.strerror or error}.") from None
    print(f"Wrote {what} to {out}.", file=sys.stderr)


def _export_period(args: argparse.Namespace) -> int:
    from server.config import suppression_threshold
    from server.db import read_transaction
    from server.exports import period_export
    from server.periods import parse_periods, published_period_tables
    from server.suppression import Grouping

    periods = parse_periods(args.kind, args.first, args.last)
    if args.format == "xlsx" and args.out is None:
        raise ServerRefusal("--out FILE is required for xlsx (a spreadsheet is not written to the terminal).")
    threshold = suppression_threshold(args.threshold)
    grouping: Grouping = "combined" if args.combined else args.by
    with read_transaction(_engine(args)) as session:
        tables = published_period_tables(session, periods, threshold, grouping, args.site, args.team)
    body = period_export(tables.rows, args.format, threshold, periods, tables.inexact_reports)
    _write(body, args.out, f"{len(tables.rows)} rows of {periods.label}")
    return 0


def _completeness(args: argparse.Namespace) -> int:
    from server.completeness import checked_weeks, completeness
    from server.db import read_transaction

    first_week, last_week = checked_weeks(args.first_week, args.last_week)
    with read_transaction(_engine(args)) as session:
        result = completeness(session, first_week, last_week, args.site, args.team)
    if args.json:
        print(json.dumps(result.as_json(), ensure_ascii=False, indent=2))
        return 0
    rate = "no week expected" if result.rate is None else f"{result.rate:.0%}"
    print(f"{first_week}–{last_week}: {result.received} of {result.expected} expected weeks reported ({rate}).")
    for site in result.sites:
        site_rate = "-" if site.rate is None else f"{site.rate:.0%}"
        print(
            f"{site.site}  team '{site.team}'  {site.received}/{site.expected} {site_rate}"
            f"  {site.sessions} sessions, {site.hours_open:g} h open{'' if site.has_slots else '  (no slots)'}"
        )
    for week in result.weeks:
        print(f"{week.week}  {week.site}  {week.status}" + (f"  {week.received_at}" if week.received_at else ""))
    return 0


def _report_summary(args: argparse.Namespace) -> int:
    from server.config import suppression_threshold
    from server.db import read_transaction
    from server.periods import parse_periods
    from server.summary import summary_data

    periods = parse_periods("month", args.first, args.last)
    if not args.out.parent.is_dir():
        raise ServerRefusal(f"Cannot write {args.out}: the folder {args.out.parent} does not exist.")
    threshold = suppression_threshold(args.threshold)
    with read_transaction(_engine(args)) as session:
        _check_scope(session, args.site, args.team)
        summary = summary_data(session, periods, threshold, args.site, args.team)
    from server.summary_pdf import write_summary_pdf  # QtGui only here: every other command runs without it

    try:
        pages = write_summary_pdf(summary, args.lang, args.out)
    except OSError as error:
        raise ServerRefusal(f"Cannot write {args.out}: {error.strerror or error}.") from None
    print(f"Wrote the summary of {periods.label} ({pages} pages) to {args.out}.", file=sys.stderr)
    return 0


def _check_scope(session: Session, site: str | None, team: str | None) -> None:
    """A named site or team must exist (a typing slip would print an empty report)."""
    from sqlalchemy import select

    from server.models import Site, Team

    if site is not None and session.scalar(select(Site.id).where(Site.name == site)) is None:
        raise ServerRefusal(f"There is no site called '{site}'.")
    if team is not None and session.scalar(select(Team.id).where(Team.name == team)) is None:
        raise ServerRefusal(f"There is no team called '{team}'.")


def _audit(args: argparse.Namespace) -> int:
    from server.api.exports import checked_range
    from server.audit import audit
    from server.config import suppression_threshold
    from server.db import read_transaction
    from server.reports import contributions

    first_week, last_week = checked_range(args.first_week, args.last_week)
    threshold = suppression_threshold(args.threshold)
    with read_transaction(_engine(args)) as session:
        reports = contributions(session, first_week, last_week)
    result = audit(reports, threshold, args.noise_bound)
    if args.json:
        print(result.as_json())
    else:
        print(
            f"Audited {first_week}–{last_week}: {result.reports} reports, {result.tables} published table rows; "
            f"{result.cells_checked} true counts of 1–4 checked ({result.linear_programs} by linear programming), "
            f"{len(result.pinned)} can be pinned."
        )
        for finding in result.pinned:
            attacker = f"an attacker holding device {finding.attacker_device}" if finding.attacker_device else "anyone"
            print(
                f"{finding.week} {finding.site} {finding.dimension}={finding.code}: {finding.true_count} is pinned to "
                f"{finding.low}–{finding.high} by {attacker}."
            )
    return 1 if result.pinned else 0


def _upload_codes(args: argparse.Namespace) -> int:
    from server.codes import read_document, store_document
    from server.db import transaction

    try:
        data = args.file.read_bytes()
    except OSError as error:
        raise ServerRefusal(f"Cannot read the codes file {args.file}: {error.strerror or error}.") from None
    document = read_document(data)
    with transaction(_engine(args)) as session:
        upload = store_document(session, document)
    if upload.is_changed:
        print(f"Codes version {upload.version} published; devices get it on their next sync.")
    else:
        print(f"The codes document is unchanged (version {upload.version}).")
    return 0


def _show_codes(args: argparse.Namespace) -> int:
    from server.codes import codes_document
    from server.db import read_transaction

    with read_transaction(_engine(args)) as session:
        text, _etag = codes_document(session)
    print(json.dumps(json.loads(text), ensure_ascii=False, indent=2))
    return 0


def _directory_flags(args: argparse.Namespace) -> int:
    from server.db import read_transaction
    from server.directory import list_flags

    with read_transaction(_engine(args)) as session:
        rows = list_flags(session)
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    if not rows:
        print("No entries are flagged.")
    for row in rows:
        print(f"{row['flagged_at'][:16]}  {row['service']} ({row['source']}:{row['source_id']})  team '{row['team']}'")
        print(f"    {row['text']}")
    return 0


def _directory_api_access(args: argparse.Namespace) -> int:
    import secrets

    from server.api.hsds import TOKEN_SETTING, token_hash
    from server.db import transaction
    from server.models import ServerSetting

    with transaction(_engine(args)) as session:
        setting = session.get(ServerSetting, TOKEN_SETTING)
        if args.mode == "status":
            is_closed = setting is not None and bool(setting.value)
            print("The HSDS API at /hsds needs a token." if is_closed else "The HSDS API at /hsds is public.")
            return 0
        if setting is None:
            setting = ServerSetting(key=TOKEN_SETTING)
            session.add(setting)
        if args.mode == "public":
            setting.value = None
            print("The HSDS API at /hsds is public: anyone can read the shared directory.")
            return 0
        token = secrets.token_urlsafe(32)
        setting.value = token_hash(token)
    print("The HSDS API at /hsds now needs this token (Authorization: Bearer); it is shown only now:")
    print(token)
    return 0


_COMMANDS = {
    ("serve", None): _serve,
    ("migrate", None): _migrate,
    ("coordinator", "create"): _create_coordinator,
    ("enrollment", "create"): _create_enrollment,
    ("device", "list"): _list_devices,
    ("device", "revoke"): _revoke_device,
    ("export", "weekly"): _export_weekly,
    ("export", "period"): _export_period,
    ("completeness", None): _completeness,
    ("report", "summary"): _report_summary,
    ("codes", "upload"): _upload_codes,
    ("codes", "show"): _show_codes,
    ("audit", None): _audit,
    ("directory", "flags"): _directory_flags,
    ("directory", "api-access"): _directory_api_access,
}


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    action = getattr(args, f"{args.command}_command", None)
    try:
        return _COMMANDS[(args.command, action)](args)
    except (ServerRefusal, NeuvoError, ValueError) as error:
        print(f"neuvo-server: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 1
    except Exception as error:  # noqa: BLE001 - the last resort: one line, not a traceback
        print(f"neuvo-server: unexpected problem: {type(error).__name__}: {error}", file=sys.stderr)
        return 1
