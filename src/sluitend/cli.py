"""WIRING: the Click commands. No logic a test would want to reach lives here.

pandas and pandera are imported inside the commands that need them, so that `--help`,
`rules list` and `rules lint` start in a fraction of a second.

Exit codes: 0 nothing at or above --fail-on; 1 findings at or above it; 2 usage, rule-file
or input error (one paragraph naming the file and place); 3 an internal error (a bug: the
message asks for --debug, which shows the traceback); 130 interrupted (Ctrl-C).
"""

from __future__ import annotations

import dataclasses
import functools
import gc
import os
import re
import shutil
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar, cast

import click

from sluitend import __version__
from sluitend.datasets import registry as _registry
from sluitend.errors import SluitendError
from sluitend.report.base import DIFF_FORMATS, FORMATS

if TYPE_CHECKING:
    from sluitend.datasets.frame import Dataset
    from sluitend.engine.findings import Report
    from sluitend.report.base import Reporter
    from sluitend.report.progress import RichProgress
    from sluitend.rules.ruleset import RuleSet

EXIT_OK, EXIT_FINDINGS, EXIT_INPUT, EXIT_INTERNAL = 0, 1, 2, 3
EXIT_INTERRUPTED = 130  # 128 + SIGINT, what a shell reports for Ctrl-C
FAIL_ON = ("error", "warning", "info", "never")
DEFAULT_PACK = "rijksbegroting"
#: Where a command keeps its progress display (click's context meta), for the readers.
PROGRESS = "sluitend.progress"

F = TypeVar("F", bound=Callable[..., Any])
#: When the command line was imported: the whole run's time is measured from here.
_STARTED = time.monotonic()
#: Whether this process is the console script's own (`run`), not a caller's (a test's
#: CliRunner, a Python program calling `main`): only then is the garbage collector tuned.
_OWN_PROCESS = False


def _debug_option(func: F) -> F:
    return click.option("--debug", is_flag=True, help="Show a traceback on any error.")(func)


def _fail_on_option(help_text: str) -> Callable[[F], F]:
    """--fail-on, the exit-1 threshold that `check` and `diff` share (choices, default)."""
    return click.option(
        "--fail-on", type=click.Choice(FAIL_ON), default="error", show_default=True, help=help_text
    )


@dataclasses.dataclass(frozen=True)
class Reading:
    """How a command reads its data files: the --input-format, --hoofdstuk, --strict and
    --read-notes options (`_input_options`)."""

    input_format: str | None
    hoofdstuk: str | None
    strict: bool
    read_notes: bool


def _input_options(func: F) -> F:
    """--input-format, --hoofdstuk, --strict and --read-notes, for every command that reads
    data files; the command takes them as one parameter, `reading` (a `Reading`)."""

    @functools.wraps(func)
    def with_reading(
        *args: Any,
        input_format: str | None,
        hoofdstuk: str | None,
        strict: bool,
        read_notes: bool,
        **kwargs: Any,
    ) -> Any:
        reading = Reading(input_format, hoofdstuk, strict, read_notes)
        return func(*args, reading=reading, **kwargs)

    # Named apart from `func`: the wrapper calls the command, not itself.
    command = click.option(
        "--strict", is_flag=True, help="Refuse a file with any cell that cannot be read."
    )(cast(F, with_reading))
    command = click.option(
        "--read-notes",
        is_flag=True,
        help="List every read note: cells that could not be read, and readings chosen.",
    )(command)
    command = click.option(
        "--hoofdstuk",
        metavar="ROMAN",
        callback=_chapter_code,
        help="Budget chapter of page text that does not name it (e.g. VII, IXB, or a fund "
        "letter such as A or F).",
    )(command)
    return click.option(
        "--input-format",
        type=click.Choice(_registry.format_names()),
        help="Read the files as this format instead of detecting it from their content.",
    )(command)


def say(message: str) -> None:
    """Print a message on stderr: data in it escaped for the terminal (`escape.terminal`),
    and cut at SLUITEND_MAX_MESSAGE_CHARS (a 400 MB bad file must not give a 176 MB one)."""
    from sluitend.limits import limit
    from sluitend.report.escape import terminal

    most = limit("SLUITEND_MAX_MESSAGE_CHARS")
    if len(message) > most.value:
        cut = len(message) - most.value
        message = (
            f"{message[: most.value]}… ({cut} more characters not shown; "
            f"{most.variable} raises the limit)"
        )
    text = terminal(message, keep_newlines=True)
    ctx = click.get_current_context(silent=True)
    display = ctx.meta.get(PROGRESS) if ctx is not None else None
    if display is not None:  # above the progress display, which stays in place
        display.console.print(text, markup=False, highlight=False, soft_wrap=True)
    else:
        click.echo(text, err=True)


def show(text: str = "", *, one_line: bool = False) -> None:
    """Print `text` on stdout with every control and bidi character shown as a visible
    escape (`escape.terminal`): rule titles, messages, labels and file names come from
    files nobody vouches for, and an `ESC ] … BEL` in a rule title must not retitle the
    terminal. With `one_line` a line break in the data is shown as `\\x0a` too, so a title
    cannot forge a line of its own (an "ok" under it). The reports draw through their own
    escaping; everything else uses this."""
    from sluitend.report.escape import terminal

    click.echo(terminal(text, keep_newlines=not one_line))


#: A chapter code as the Ministry writes it: a Roman numeral, with A or B for a split
#: chapter (IIA, IXB; LVIII in the 2017 tables), or one letter for a fund (A, B, C, F, H, J).
_CHAPTER = re.compile(r"(?=[IVXL])L?X{0,3}(?:IX|IV|V?I{0,3})[AB]?|[A-Z]")


def _chapter_code(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """--hoofdstuk: a chapter code (upper-cased), or a usage error (exit 2) naming it."""
    if value is None:
        return None
    code = value.strip().upper()
    if not code.isascii() or not _CHAPTER.fullmatch(code):
        raise click.BadParameter(
            f"{value!r} is not a budget chapter code; expected a Roman numeral (VII, XVIII, "
            "with A or B for IIA, IXB) or a fund letter (A, B, C, F, H, J)"
        )
    return code


def guarded(func: F) -> F:
    """Turn the user's mistakes into one paragraph and exit 2; bugs into exit 3; Ctrl-C
    into one line and exit 130.

    Under --debug all of them raise, so the traceback shows.
    """

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        debug = kwargs.get("debug", False)
        try:
            return func(*args, **kwargs)
        except SluitendError as error:
            _stop_progress()
            if debug:
                raise
            say(f"sluitend: {error}")
            sys.exit(EXIT_INPUT)
        except (click.exceptions.Exit, click.ClickException, SystemExit):
            raise
        except KeyboardInterrupt:
            if debug:
                raise
            # Every output is written to a temporary file and renamed (sluitend.output):
            # an interrupted run leaves the old file or none, never half a report.
            say("sluitend: interrupted; no output was written")
            sys.exit(EXIT_INTERRUPTED)
        except MemoryError:
            if debug:
                raise
            say(
                "sluitend: out of memory: the input needs more memory than this machine "
                "gives the run; split it (one chapter or year per file) or give it more"
            )
            sys.exit(EXIT_INPUT)
        except BrokenPipeError:  # `sluitend validate | head`: the reader left; not an error
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            sys.exit(EXIT_FINDINGS)
        except Exception as error:  # a bug: say so plainly, traceback only under --debug
            _stop_progress()
            if debug:
                raise
            say(
                f"sluitend: internal error: {type(error).__name__}: {error}\n"
                "This is a bug in sluitend, not in your input. Run again with --debug "
                "for the traceback."
            )
            sys.exit(EXIT_INTERNAL)

    return wrapper  # type: ignore[return-value]


def _load_rules(
    rules: str | None, datasets: Sequence[Dataset] = (), boekjaar: int | None = None
) -> RuleSet:
    """A rule file path, or the name of a bundled pack (default: the pack of the datasets'
    domain, else rijksbegroting); the API's choice (`sluitend.api.rules_for`)."""
    from sluitend.api import rules_for

    return _warn_rules(rules_for(rules, datasets, {"boekjaar": boekjaar}))


def _warn_rules(ruleset: RuleSet) -> RuleSet:
    """Print what the loader noticed but did not refuse (`max = 1.000`) on stderr."""
    for warning in ruleset.warnings:
        say(f"sluitend: warning: {warning}")
    return ruleset


def _load_datasets(
    paths: Sequence[str],
    bundled: Sequence[str],
    reading: Reading,
    **options: Any,
) -> list[Dataset]:
    from sluitend.datasets.bundled import DEFAULT, load_bundled
    from sluitend.datasets.inputs import distinct_names, expand
    from sluitend.report.paths import RepoPaths

    _load_engine()
    datasets: list[Dataset] = []
    for name in bundled:
        datasets.extend(load_bundled(name))
    if sum(1 for p in paths if p == "-") > 1:
        raise SluitendError("-: standard input named more than once; it can be read once")
    inputs = expand(paths, reading.input_format)
    if inputs.skipped:  # never silently: each file passed over, with the reason
        say(f"sluitend: skipped {len(inputs.skipped)} files of no known format:")
        for skipped, reason in inputs.skipped:
            say(f"  {skipped}: {reason}")
    for path in inputs.files:
        datasets.extend(_read_with_notes(path, reading, **options))
    if not paths and not bundled:
        datasets.extend(load_bundled(DEFAULT))
    return distinct_names(datasets, RepoPaths.detect().path)


#: How many read notes are printed per file unless --read-notes asks for all.
NOTES_SHOWN = 5


def _read_with_notes(path: str, reading: Reading, **options: Any) -> list[Dataset]:
    """Read one file; say on stderr which cells could not be read as printed.

    Real Ministry files have a few unreadable cells (`o` for 0, shifted rows); the readers
    read what they can and record the rest as notes, never silently. With --strict the
    first note is an input error instead; --read-notes lists them all.
    """
    from sluitend.api import read

    notes: list[str] = []
    read_as: list[str] = []
    choices: list[str] = []
    datasets = read(
        path,
        input_format=reading.input_format,
        hoofdstuk=reading.hoofdstuk,
        notes=notes,
        read_as=read_as,
        choices=choices,
        progress=click.get_current_context().meta.get(PROGRESS),
        **options,
    )
    for choice in choices:
        say(f"sluitend: note: {choice}")
    if notes and reading.strict:
        raise SluitendError(f"{notes[0]} (--strict: every cell must be readable)")
    if read_as:
        _say_capped(f"sluitend: {path}: read as:", read_as, every=reading.read_notes)
    for note in dict.fromkeys(n for ds in datasets for n in ds.notes):
        say(f"sluitend: {path}: note: {note}")
    # The coverage of the report tells figures left unknown by a read note from pm ones;
    # the readings chosen travel with the datasets, so that every report (not only this
    # stderr) says which figures are this reading's (2017 XII's years, say).
    places = _note_places(notes, path)
    readings = _readings_per_dataset(datasets, read_as, path)
    datasets = [
        dataclasses.replace(ds, unreadable=places, read_notes=len(notes), notes=(*ds.notes, *mine))
        for ds, mine in zip(datasets, readings, strict=True)
    ]
    if notes:
        _say_capped(
            f"sluitend: {path}: {len(notes)} places could not be read as printed; "
            "their figures are unknown (sums over them are reported as not checkable) "
            "or, for rows that cannot be placed, not read:",
            notes,
            every=reading.read_notes,
        )
    return datasets


def _say_capped(heading: str, notes: Sequence[str], *, every: bool) -> None:
    """`heading`, then the first NOTES_SHOWN notes (all of them with `every`) and how many
    more there are: a file with many alike notes (2017: 21 articles read with an eighth
    amount) must not bury the report on stderr, and none is dropped unsaid."""
    shown = notes if every else notes[:NOTES_SHOWN]
    say(heading)
    for note in shown:
        say(f"  {note}")
    if len(notes) > len(shown):
        say(f"  … and {len(notes) - len(shown)} more (--read-notes lists all)")


_NOTE_PLACE = re.compile(r"^(.*?(?::\d+|![^!]*![A-Z]+\d+))(?= \(|: )")
#: A spreadsheet's note names its cell in brackets: "file.xlsx (Tabel!V4): ...".
_NOTE_CELL = re.compile(r"^(.*?) \(([^()]*![A-Z]{1,3}[0-9]+)\): ")


def _note_places(notes: Sequence[str], path: str) -> frozenset[str]:
    """The places ("file:line", "file.xlsx!Sheet!C5") the read notes name, with the file
    written as the user gave it (as every `bron` is)."""
    name = Path(path).name
    places = set()
    for note in notes:
        cell = _NOTE_CELL.match(note)
        match = _NOTE_PLACE.match(note)
        place = f"{cell.group(1)}!{cell.group(2)}" if cell else match.group(1) if match else None
        if place is not None:
            places.add(path + place[len(name) :] if place.startswith(name) else place)
    return frozenset(places)


def _readings_per_dataset(
    datasets: Sequence[Dataset], read_as: Sequence[str], path: str
) -> list[tuple[str, ...]]:
    """Per dataset, the readings chosen that concern it: each goes to the first dataset
    (in the reader's order: a file's figures before its percentages) that holds a figure at
    its place, and one that names no figure of any dataset goes to every one. The 2017
    file's eighth-amount articles belong to its budget table, though their rows carry a
    percentage too."""
    if not read_as:
        return [() for _ in datasets]
    place = {note: next(iter(_note_places([note], path)), None) for note in read_as}
    wanted = {p for p in place.values() if p is not None}
    owner: dict[str | None, int] = {}
    for i, ds in enumerate(datasets):  # loop over a file's datasets (one or two)
        if "bron" in ds.frame:
            held = ds.frame["bron"][ds.frame["bron"].isin(wanted)]
            for p in set(held):
                owner.setdefault(p, i)
    return [tuple(n for n in read_as if owner.get(place[n], i) == i) for i in range(len(datasets))]


def _terminal(output: str | None) -> tuple[bool, bool, int]:
    """(writing to a terminal, use colour, width) for a report going to `output` or stdout."""
    from sluitend.report.base import use_color

    tty = sys.stdout.isatty() and not output
    width = shutil.get_terminal_size((120, 40)).columns if tty else 120
    return tty, use_color(os.environ, tty), width


def _emit(text: str, output: str | None) -> None:
    from sluitend.output import write_text

    if output:
        write_text(output, text)  # a temporary file renamed into place: all or nothing
    else:
        click.echo(text, nl=not text.endswith("\n"))


def _emit_report(reporter: Reporter, report: Report, output: str | None) -> None:
    """The report written as it is drawn: into `output` all or nothing (a temporary file
    renamed into place), else to stdout. A binary format always has an `output` (refused
    before reading otherwise: `_refuse_binary_to_stdout`)."""
    from sluitend.output import opened_bytes, opened_text

    if reporter.binary:
        assert output is not None
        with opened_bytes(output) as handle:
            reporter.render_bytes_to(report, handle)
    elif output:
        with opened_text(output) as text:
            reporter.render_to(report, text)
    else:
        reporter.render_to(report, sys.stdout)
        sys.stdout.flush()


def _refuse_binary_to_stdout(fmt: str, output: str | None) -> None:
    """Before anything is read: a binary format needs --output (bytes on a terminal or in a
    pipe meant for text are of no use, and can steer a terminal)."""
    from sluitend.report.base import reporter_class

    if fmt != "auto" and not output and reporter_class(fmt).binary:
        raise SluitendError(
            f"--format {fmt} writes a binary file, not text: name it with --output FILE "
            "(-o FILE); nothing was read or written"
        )


def _check_outputs(outputs: Sequence[str | None], inputs: Sequence[str | None]) -> None:
    """Before anything is read or written: no output may be an input (or another output),
    and each output's folder must exist."""
    from sluitend.output import refuse_clashes

    refuse_clashes([o for o in outputs if o], [i for i in inputs if i])


def _load_engine() -> None:
    """Import what every command that reads data runs on (pandas, pyarrow, pandera, the
    engine), in the console script's own process with the cyclic garbage collector paused,
    then frozen (`gc.freeze`): those imports leave about a million objects that live until
    the process ends, and every full collection of the run would walk them again (on a
    Ministry file about 0,2 s of CPU: three walks). Garbage made later is collected as
    usual. glibc is told first to keep freed memory (`_keep_freed_memory`). A caller's
    process (tests, `main` called from Python) is left as it is."""
    if not _OWN_PROCESS or "sluitend.engine.runner" in sys.modules:
        return
    kept = _keep_freed_memory()  # here, not in `run`: `--help` and `rules list` need neither
    gc.disable()
    try:
        import sluitend.engine.runner  # noqa: F401
    finally:
        gc.enable()
    gc.freeze()
    if kept:
        _arrow_from_the_heap()


def _arrow_from_the_heap() -> None:
    """pyarrow's buffers from glibc's heap too (its `system` memory pool), unless the
    user chose a pool (`ARROW_DEFAULT_MEMORY_POOL`).

    pyarrow's default pool (mimalloc) hands freed pages back to the kernel and takes new
    ones, each faulted in and zeroed again; on a virtual machine a first touch of a page
    is dear. From the heap that `_keep_freed_memory` keeps, Arrow's and numpy's arrays
    reuse the same pages (`validate` of 3M figures from Parquet, three alternating runs
    each on the quiet 2-core machine: system CPU 1,2-3,1 -> 0,5-0,7 s, wall 3,7-5,4 ->
    3,0-3,2 s)."""
    if os.environ.get("ARROW_DEFAULT_MEMORY_POOL"):
        return
    import pyarrow

    pyarrow.set_memory_pool(pyarrow.system_memory_pool())


#: glibc's `mallopt` parameters (malloc.h): when freed memory goes back to the system, how
#: many blocks may get a mapping of their own, and how many heaps (arenas) threads share.
_M_TRIM_THRESHOLD = -1
_M_MMAP_MAX = -4
_M_ARENA_MAX = -8


def _keep_freed_memory() -> bool:
    """In the console script's own process on glibc: every block from one heap, and memory
    freed kept for the next block; True when set.

    glibc gives a block above 32 MB a mapping of its own and returns it to the system when
    it is freed. An array of 3M figures (24 MB) stays below that and is reused from the
    heap; one of 30M (240 MB) is mapped anew each time, and the kernel faults in and zeroes
    its pages again: at 30M figures the hierarchy check spent half its CPU in the kernel,
    and the checks grew x15-19 for ten times the figures. Kept, the heap serves the next
    array from pages already there (`validate` of 30M figures from Parquet, one loaded run
    each: system CPU 24,3 -> 11,8 s, wall 125 -> 57 s, peak memory 13,6 -> 14,3 GB).

    One heap for every thread (`M_ARENA_MAX`), set before pyarrow starts any: glibc would
    give each of Arrow's threads a heap of its own, and what Arrow's CSV parse frees there
    (some 0,5 GB at 3M figures) the main thread, which builds the frame and runs the
    checks, never reuses; it faults in fresh pages instead.
    Elsewhere (another C library, a caller's process) nothing changes.
    """
    if not sys.platform.startswith("linux"):
        return False
    import ctypes

    try:
        libc = ctypes.CDLL(None)
        libc.gnu_get_libc_version  # noqa: B018  (only glibc has it: its mallopt is known)
    except (OSError, AttributeError):
        return False
    settings = ((_M_MMAP_MAX, 0), (_M_TRIM_THRESHOLD, -1), (_M_ARENA_MAX, 1))
    return all([bool(libc.mallopt(param, value)) for param, value in settings])


def run() -> None:
    """The console script `sluitend`: `main`, then the process ends without the
    interpreter's teardown.

    Freeing pandas', pyarrow's and pandera's modules object by object at exit costs about
    0,2 s of CPU per run, for memory the operating system takes back at once. Every output
    is complete by then (files are written and renamed in `sluitend.output`, stdout and
    stderr are flushed here); if flushing fails (a closed pipe), the normal exit runs.
    """
    global _OWN_PROCESS
    _OWN_PROCESS = True
    try:
        main()
    except SystemExit as stop:
        code = _exit_status(stop.code)
    else:  # pragma: no cover  (click in standalone mode always exits)
        code = EXIT_OK
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):
        sys.exit(code)
    os._exit(code)


def _exit_status(code: object) -> int:
    """The status `sys.exit(code)` gives: None is 0, an int itself, anything else is printed
    on stderr and gives 1 (as the interpreter does)."""
    if code is None:
        return EXIT_OK
    if isinstance(code, int):
        return code
    print(code, file=sys.stderr)
    return 1


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="sluitend")
def main() -> None:
    """sluitend: proves that a budget table adds up, or shows where and why it does not.

    Run `sluitend validate` to check the bundled example table with the bundled rules.
    """


@main.command()
@click.argument("paths", nargs=-1, metavar="[PATH]...")
@click.option(
    "--rules",
    "rules",
    metavar="FILE|PACK",
    help="A rule file, or a bundled pack name (default: rijksbegroting).",
)
@click.option(
    "--dataset",
    "bundled",
    multiple=True,
    metavar="NAME",
    help="Validate a bundled dataset (see `sluitend datasets list`).",
)
@_input_options
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default="auto",
    show_default=True,
    help="Report format; auto = github under GitHub Actions, else rich.",
)
@click.option("--output", "-o", metavar="FILE", help="Write the report here, not to stdout.")
@_fail_on_option("Exit 1 when a finding at or above this severity remains.")
@click.option(
    "--max-findings",
    type=click.IntRange(min=0),
    metavar="N",
    help="Show at most N findings of each rule (rich: 10 unless --all); all still count.",
)
@click.option(
    "--all",
    "show_all",
    is_flag=True,
    help="rich: draw every finding, not the first 10 of each rule; json: list every "
    "figure no sum rule checked, not the first 100 of each dataset.",
)
@click.option(
    "--select",
    "selects",
    multiple=True,
    metavar="KEY=VALUE[,...]",
    help="Report (and count for the exit code) only these findings: keys hoofdstuk, "
    "artikel, rule, severity, dataset; within one --select all must hold, several "
    "--select add up. E.g. --select hoofdstuk=VII,artikel=7.",
)
@click.option(
    "--baseline",
    "baseline",
    metavar="FILE",
    help="Accepted findings: fail only on findings not in this baseline.",
)
@click.option(
    "--baseline-if-present",
    metavar="FILE",
    help="As --baseline, when FILE exists; without it every finding counts (said on stderr).",
)
@click.option(
    "--write-baseline",
    metavar="FILE",
    help="Record today's findings as the accepted baseline (then exit 0: they are accepted).",
)
@click.option(
    "--junit-per",
    type=click.Choice(("rule", "finding")),
    default="rule",
    show_default=True,
    help="JUnit: one test case per rule, or one per finding.",
)
@click.option("--no-diagnose", is_flag=True, help="Skip hints and grouping of consequences.")
@click.option(
    "--boekjaar",
    type=click.IntRange(1900, 2999),
    default=None,
    help="Iv3: check against the definitions of this boekjaar (default: the data's own).",
)
@click.option(
    "--quiet", "-q", is_flag=True, help="No progress on stderr (shown only on a terminal)."
)
@_debug_option
@guarded
def validate(
    paths: tuple[str, ...],
    rules: str | None,
    bundled: tuple[str, ...],
    reading: Reading,
    fmt: str,
    output: str | None,
    fail_on: str,
    max_findings: int | None,
    show_all: bool,
    selects: tuple[str, ...],
    baseline: str | None,
    baseline_if_present: str | None,
    write_baseline: str | None,
    junit_per: str,
    no_diagnose: bool,
    boekjaar: int | None,
    quiet: bool,
    debug: bool,
) -> None:
    """Validate budget tables (PATHs: files, folders or patterns; or the bundled default)
    against the rules."""
    _load_engine()
    from sluitend.api import validate as run_validation
    from sluitend.report.base import get_reporter, resolve_format
    from sluitend.report.document import UNCHECKED_LISTED
    from sluitend.report.select import check_against, limit_per_rule, parse_selection, select

    _check_outputs([output, write_baseline], [*paths, rules, baseline])
    _refuse_binary_to_stdout(fmt, output)
    selection = parse_selection(selects)  # a bad --select fails before anything is read
    if show_all and max_findings is not None:
        raise SluitendError("give --all or --max-findings, not both")
    if baseline and baseline_if_present:
        raise SluitendError("give --baseline or --baseline-if-present, not both")
    if baseline_if_present:
        baseline = baseline_if_present if Path(baseline_if_present).is_file() else None
        if baseline is None:
            say(
                f"sluitend: no baseline {baseline_if_present}; every finding counts "
                f"(record the accepted ones with --write-baseline {baseline_if_present})"
            )
    progress = _start_progress(quiet)
    datasets = _load_datasets(paths, bundled, reading, boekjaar=boekjaar)
    ruleset = _load_rules(rules, datasets, boekjaar)
    # A baseline is written from, and applied to, every finding; --select and
    # --max-findings (per rule) narrow what is reported after that.
    report: Report = run_validation(datasets, ruleset, diagnose=not no_diagnose, progress=progress)
    _stop_progress()
    if write_baseline:
        from sluitend.engine.baseline import write_baseline as write

        write(report, write_baseline)
        total = sum(report.count(severity) for severity in ("error", "warning", "info"))
        say(f"sluitend: wrote {total} findings to baseline {write_baseline}")
    if baseline:
        from sluitend.engine.baseline import apply_baseline, read_baseline

        report, disappeared = apply_baseline(report, read_baseline(baseline))
        if disappeared:
            say(
                f"sluitend: {len(disappeared)} baseline findings no longer occur "
                f"(fixed? update {baseline})"
            )
    if selection:
        check_against(selection, report)
        report = select(report, selection)
    tty, color, width = _terminal(output)
    name = resolve_format(fmt, os.environ, tty)
    if max_findings is not None and name != "rich":
        report = limit_per_rule(report, max_findings)
    # Writing a baseline accepts today's findings: the step that records them succeeds.
    code = EXIT_FINDINGS if report.fails(fail_on) and not write_baseline else EXIT_OK
    per_rule = None if show_all else max_findings if max_findings is not None else 10
    report = dataclasses.replace(report, run_seconds=time.monotonic() - _STARTED)
    reporter = get_reporter(
        name,
        color=color,
        width=width,
        fail_on=fail_on,
        exit_code=code,
        per=junit_per,
        max_per_rule=per_rule,
        max_unchecked=None if show_all else UNCHECKED_LISTED,
    )
    _emit_report(reporter, report, output)
    sys.exit(code)


def _start_progress(quiet: bool) -> RichProgress | None:
    """A progress display on stderr, when stderr is a terminal and not --quiet; else None.

    Kept in click's context, so the readers' notes print above it and an error erases it
    (`_stop_progress`) before its message is printed.
    """
    from sluitend.report.progress import RichProgress, wanted

    if not wanted(sys.stderr, quiet):
        return None
    display = RichProgress()
    display.start()
    ctx = click.get_current_context()
    ctx.meta[PROGRESS] = display
    ctx.call_on_close(display.stop)
    return display


def _stop_progress() -> None:
    """Erase the progress display, if one is shown."""
    ctx = click.get_current_context(silent=True)
    display = ctx.meta.pop(PROGRESS, None) if ctx is not None else None
    if display is not None:
        display.stop()


@main.group()
def rules() -> None:
    """List, show and lint rules."""


@rules.command("list")
@click.option("--rules", "rules_file", metavar="FILE|PACK", help="Rule file or bundled pack.")
@_debug_option
@guarded
def rules_list(rules_file: str | None, debug: bool) -> None:
    """List the rules of a rule set (default: the bundled pack), and the bundled packs."""
    from sluitend.rules.loader import bundled_packs

    ruleset = _load_rules(rules_file)
    show(f"{ruleset.name}: {ruleset.description}".rstrip(": "), one_line=True)
    for rule in ruleset.rules:
        show(
            f"  {rule.id:<8} {rule.kind:<10} {rule.dataset:<20} {rule.severity:<8} {rule.title}",
            one_line=True,
        )
    show(f"Bundled packs: {', '.join(sorted(bundled_packs()))}")


@rules.command("show")
@click.argument("rule_id")
@click.option("--rules", "rules_file", metavar="FILE|PACK", help="Rule file or bundled pack.")
@_debug_option
@guarded
def rules_show(rule_id: str, rules_file: str | None, debug: bool) -> None:
    """Show one rule as TOML, with its kind's documentation (or, given a kind's name such
    as `reconcile`, that kind's documentation)."""
    from sluitend.rules.dump import dump_rule
    from sluitend.rules.reference import kind_text
    from sluitend.rules.registry import KINDS, get_kind

    ruleset = _load_rules(rules_file)
    try:
        rule = ruleset.get(rule_id)
    except KeyError as error:
        if rule_id in KINDS:  # a kind, not a rule id: its reference
            show(f"rule kind {rule_id}\n")
            show(kind_text(KINDS[rule_id]))
            return
        raise SluitendError(f"{error.args[0]}; or a rule kind: {', '.join(KINDS)}") from None
    show(dump_rule(rule))
    show()
    show(kind_text(get_kind(rule.kind)))


@rules.command("lint")
@click.argument("files", nargs=-1, required=True, metavar="FILE...")
@_debug_option
@guarded
def rules_lint(files: tuple[str, ...], debug: bool) -> None:
    """Check rule files; report every mistake with its place (exit 2 on any)."""
    from sluitend.rules.lint import lint
    from sluitend.rules.loader import load_ruleset

    problems: list[str] = []
    for file in files:
        try:
            ruleset = _warn_rules(load_ruleset(file))
        except SluitendError as error:
            problems.append(str(error))
            continue
        # The set as a whole: contradictions, selectors that never hold, duplicates.
        set_problems = [f"{file}: {problem}" for problem in lint(ruleset)]
        problems.extend(set_problems)
        if not set_problems:
            show(f"{file}: ok ({len(ruleset.rules)} rules)", one_line=True)
    if problems:
        say("\n".join(problems))  # escaped and capped: a rule file is data
        sys.exit(EXIT_INPUT)


@main.group()
def datasets() -> None:
    """List and show the bundled datasets."""


@datasets.command("list")
@_debug_option
@guarded
def datasets_list(debug: bool) -> None:
    """List the bundled datasets."""
    from sluitend.datasets.bundled import DEFAULT, bundled_names, describe

    for name in bundled_names():
        info = describe(name)
        mark = " (default)" if name == DEFAULT else ""
        show(f"{name}{mark}: {info.get('title', '')}", one_line=True)


@datasets.command("show")
@click.argument("name")
@click.option(
    "--rows",
    type=click.IntRange(min=0),
    default=20,
    show_default=True,
    help="How many figures to print.",
)
@_debug_option
@guarded
def datasets_show(name: str, rows: int, debug: bool) -> None:
    """Describe a bundled dataset and print its first figures."""
    from sluitend.datasets.bundled import describe, load_bundled

    info = describe(name)
    for key, value in info.items():
        show(f"{key}: {value}", one_line=True)
    for ds in load_bundled(name):
        show()
        show(f"{ds.name} ({ds.kind}, {ds.rows} rows):", one_line=True)
        show(_escaped_cells(ds.frame.head(rows)).to_string(index=False))


def _escaped_cells(frame: Any) -> Any:
    """The few rows `datasets show` prints, every text cell on one line and escaped (a
    label with a line break would otherwise break the table)."""
    from sluitend.report.escape import terminal

    return frame.astype(object).map(lambda v: terminal(v) if isinstance(v, str) else v)


@main.command()
@click.argument("source")
@click.argument("target")
@_input_options
@_debug_option
@guarded
def convert(
    source: str,
    target: str,
    reading: Reading,
    debug: bool,
) -> None:
    """Convert SOURCE to the canonical CSV (.csv) or Parquet (.parquet) TARGET.

    A canonical file holds one kind of table. A SOURCE holding several (the Ministry's CSV
    holds a budget table and percentages juridisch verplicht) gives one file per kind,
    named TARGET's stem plus "-<kind>": out.csv -> out-begrotingstabel.csv and
    out-juridisch_verplicht.csv. Every target is checked before any is written.
    """
    from sluitend.datasets.detect import write_any
    from sluitend.datasets.spool import is_stream

    _check_outputs([target], [source])
    if not is_stream(source) and not Path(source).exists():
        raise SluitendError(f"{source}: no such file")
    streamed = _convert_streamed(source, target, reading.input_format)
    if streamed is not None:
        show(f"wrote {target} ({streamed[0]}, {streamed[1]} rows)", one_line=True)
        return
    datasets = _read_with_notes(source, reading)
    rows: dict[str, int] = {}
    for ds in datasets:
        rows[ds.kind] = rows.get(ds.kind, 0) + ds.rows
    written = write_any(datasets, target, inputs=[source])
    if len(written) > 1:
        show(f"{source} holds {len(written)} kinds of table: one file per kind", one_line=True)
    for path, (kind, n) in zip(written, rows.items(), strict=True):
        show(f"wrote {path} ({kind}, {n} rows)", one_line=True)


def _convert_streamed(source: str, target: str, input_format: str | None) -> tuple[str, int] | None:
    """A canonical CSV to Parquet, batch by batch (`canonical_stream`): (kind, rows), or
    None when `convert` must read the file whole (any other source or target, or a file the
    stream leaves to the full reader, which names any problem exactly)."""
    from sluitend.datasets.canonical_stream import stream_to_parquet
    from sluitend.datasets.detect import detect_format
    from sluitend.datasets.spool import is_stream
    from sluitend.output import refuse_clashes

    if is_stream(source) or Path(target).suffix.lower() != ".parquet" or Path(target).is_dir():
        return None
    if (input_format or detect_format(source)) != "canonical-csv":
        return None
    refuse_clashes([target], [source])
    return stream_to_parquet(Path(source), Path(target))


@main.command()
@click.argument("old")
@click.argument("new")
@click.option("--rules", "rules", metavar="FILE|PACK", help="Rule file or bundled pack.")
@_input_options
@click.option("--format", "fmt", type=click.Choice(DIFF_FORMATS), default="rich", show_default=True)
@click.option("--output", "-o", metavar="FILE", help="Write the diff here, not to stdout.")
@click.option(
    "--align",
    type=click.Choice(["jaar"]),
    default=None,
    help="Pair figures on their place and year only (not begrotingsjaar and fase): next "
    "year's document against this year's, e.g. OWB 2016 -> OWB 2017.",
)
@_fail_on_option("Exit 1 when the change introduces a finding at or above this severity.")
@_debug_option
@guarded
def diff(
    old: str,
    new: str,
    rules: str | None,
    reading: Reading,
    fmt: str,
    output: str | None,
    align: str | None,
    fail_on: str,
    debug: bool,
) -> None:
    """Compare two versions of a dataset: changed figures, and findings introduced/resolved."""
    from sluitend.engine.diff import diff_datasets
    from sluitend.report.diff_render import render_diff

    _check_outputs([output], [old, new, rules])
    ruleset = _load_rules(rules)
    old_sets, new_sets = (_load_datasets([path], [], reading) for path in (old, new))
    result = diff_datasets(old_sets, new_sets, ruleset, align=align)
    _tty, color, width = _terminal(output)
    _emit(render_diff(result, fmt, color=color, width=width), output)
    sys.exit(EXIT_FINDINGS if result.fails(fail_on) else EXIT_OK)
