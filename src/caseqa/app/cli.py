"""Command line: ``caseqa index | ask | eval`` (and ``check``), a thin layer over the engine."""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from caseqa import __version__
from caseqa.app.batch import BatchRow, batch_rows, read_jsonl, read_lines
from caseqa.app.engine import Engine
from caseqa.app.evaluate import evaluate
from caseqa.config import settings_from_env
from caseqa.errors import CaseQAError, UsageError
from caseqa.index import store
from caseqa.index.build import Hooks
from caseqa.index.encoder import DEVICES, Encoder
from caseqa.output.report import summary, write_report
from caseqa.output.text import hits_text, verdict_text
from caseqa.types import Answer, FileState, FileStatus, IndexReport, Label, Verdict

EXIT_OK, EXIT_ERROR, EXIT_USAGE = 0, 1, 2


def _positive(text: str) -> int:
    """argparse type for --k: a whole number of at least 1."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, not {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {value}")
    return value


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--corpus", type=Path, help="folder of case files (default: corpus/, or $CASEQA_CORPUS)")
    parser.add_argument("--index", type=Path, help="index folder (default: index/, or $CASEQA_INDEX)")
    parser.add_argument("--model", help="a local sentence-transformers folder (default: the packaged "
                                        "all-MiniLM-L6-v2, or $CASEQA_MODEL)")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser (exposed for the README and tests)."""
    parser = argparse.ArgumentParser(prog="caseqa", description="Cited answers from business case studies, offline.")
    parser.add_argument("--version", action="version", version=f"caseqa {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("index", help="index the corpus folder (only new or changed files are embedded)")
    _common(p)
    p.add_argument("--rebuild", action="store_true", help="embed every file again")
    p.add_argument("--wait", type=float, default=0.0, metavar="SECONDS",
                   help="wait this long for another indexing run to finish (default: refuse at once)")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.add_argument("--device", choices=DEVICES, default="auto",
                   help="where the model embeds: a CUDA GPU when torch sees one (auto, the default), or "
                        "cpu / cuda; the index folder it writes can be copied to other machines")

    p = sub.add_parser("ask", help="answer a question with cited, highlighted passages")
    _common(p)
    p.add_argument("question", nargs="?", help="the question (or use --input)")
    p.add_argument("--k", type=_positive, default=None, help="number of passages (default 5)")
    p.add_argument("--doc", help="search only this case (file name, with or without extension)")
    p.add_argument("--json", action="store_true", help="print JSON (one line per question)")
    p.add_argument("--input", type=Path, metavar="FILE.jsonl",
                   help='questions, one JSON object per line: {"id", "question", optional "doc"}; - for stdin')

    p = sub.add_parser("check", help="check a claim or an essay against the case: supported, "
                                     "contradicted or not found, with evidence and reasons")
    _common(p)
    p.add_argument("claim", nargs="?", help="the claim (or use --input)")
    p.add_argument("--input", type=Path, metavar="FILE",
                   help='an essay (.txt/.md: every sentence is checked) or claims (.jsonl: {"id", "claim"} '
                        "per line); - for an essay on stdin")
    p.add_argument("--doc", help="check only against this case")
    p.add_argument("--json", action="store_true", help="print JSON, one line per claim")
    p.add_argument("--report", type=Path, metavar="OUT.md|OUT.csv", help="also write a report file")

    p = sub.add_parser("eval", help="score retrieval on a question file: S@1, S@3, S@5, MRR, H@1")
    _common(p)
    p.add_argument("file", type=Path, metavar="FILE.jsonl",
                   help='rows {"id", "question", "evidence"} or with "doc", "start", "end"')
    p.add_argument("--json", action="store_true", help="print the scores as one JSON object")
    return parser


class _Console:
    """Where the CLI writes: results to stdout, progress and problems to stderr."""

    def __init__(self, out: TextIO, err: TextIO, quiet: bool = False) -> None:
        self.out, self.err, self.quiet = out, err, quiet

    def hooks(self) -> Hooks:
        def on_file(status: FileStatus) -> None:
            if not status.status.searchable:
                print(f"  {status.status:<9} {status.reason}", file=self.err)
            else:
                print(f"  {status.status:<9} {status.doc_id} ({status.passages} passages)", file=self.err)
            for warning in status.warnings:
                print(f"  {'warning':<9} {warning}", file=self.err)

        def on_embed(total: int):
            if self.quiet or total == 0:
                return lambda n: None
            from tqdm import tqdm

            bar = tqdm(total=total, desc="  embedding", unit="text", file=self.err, leave=False,
                       disable=None)
            return bar.update

        return Hooks(on_file=on_file, on_embed=on_embed)

    def summary(self, report: IndexReport, index_dir: Path) -> None:
        for doc_id in report.removed:
            print(f"  {'removed':<9} {doc_id} (its file is no longer in the corpus)", file=self.err)
        n_docs = sum(f.status.searchable for f in report.files)
        n_bad = sum(f.status == FileState.ERROR for f in report.files)
        print(
            f"{report.generation}: {n_docs} case(s), {report.passages} passages in {index_dir}/ "
            f"({report.embedded_texts} texts embedded, {report.seconds:.1f} s)"
            + (f"; {n_bad} file(s) could not be indexed (see above)" if n_bad else ""),
            file=self.err,
        )


def _engine(args: argparse.Namespace, encoder: Encoder | None) -> Engine:
    settings = settings_from_env(corpus_dir=args.corpus, index_dir=args.index, model=args.model)
    return Engine(settings, encoder, device=getattr(args, "device", "cpu"))


def _ensure(engine: Engine, console: _Console) -> None:
    refresh = engine.ensure_index(console.hooks())
    if refresh.report is not None:
        print(f"caseqa: indexing first ({refresh.reason})", file=console.err)
        console.summary(refresh.report, engine.settings.index_dir)
    elif refresh.problem:
        generation = engine.index.folder.name if engine.index.folder else "the previous index"
        print(f"caseqa: warning: the index was not updated ({refresh.reason}): {refresh.problem}; "
              f"answering from {generation}", file=console.err)


def cmd_index(args: argparse.Namespace, engine: Engine, console: _Console) -> int:
    print(f"Indexing {engine.settings.corpus_dir}/ ...", file=console.err)
    if not args.wait:
        with store.locked(engine.settings.index_dir):  # refuse before spending seconds loading the model
            pass
    report = engine.build(rebuild=args.rebuild, hooks=console.hooks(), wait=args.wait)
    console.summary(report, engine.settings.index_dir)
    if not report.ok:
        print(f"caseqa: nothing could be indexed in {engine.settings.corpus_dir}/; add case files "
              "(.pdf, .docx, .html, .md, .txt) or fix the files listed above", file=console.err)
    return EXIT_OK if report.ok else EXIT_ERROR


def _one_source(text: str | None, input_file: Path | None, what: str, example: str, option: str, use: str) -> None:
    """Exactly one of a text argument and ``--input``.

    Raises:
        UsageError: Both or neither, with an example of each.
    """
    if text is not None and input_file is not None:
        raise UsageError(f"give {what} or {option}, not both")
    if text is None and input_file is None:
        raise UsageError(f"give {what}, e.g. {example}, or {option} {use}")


def cmd_ask(args: argparse.Namespace, engine: Engine, console: _Console, stdin: TextIO) -> int:
    _one_source(args.question, args.input, "a question", 'caseqa ask "How many hotlines did Cainiao set up?"',
                "--input FILE.jsonl", "for many")
    rows = batch_rows(*read_lines(args.input, stdin), field="question") if args.input else None
    _ensure(engine, console)
    if rows is None:
        answer = engine.answer(args.question, k=args.k, doc=args.doc)
        if args.json:
            print(json.dumps({"question": args.question, **answer.to_json()}, ensure_ascii=False), file=console.out)
        else:
            color = console.out.isatty()
            print(hits_text(args.question, answer, color), file=console.out)
        return EXIT_OK
    failures = 0
    for row in rows:
        out: dict[str, object] = {"id": row.id, "hits": []}
        answer = Answer([])
        try:
            if row.error or row.text is None:
                raise CaseQAError(row.error or "no question")
            answer = engine.answer(row.text, k=row.k or args.k, doc=row.doc or args.doc)
            out.update(answer.to_json())
        except CaseQAError as exc:
            failures += 1
            out["error"] = str(exc)
        except Exception as exc:  # a fault of ours on one row must not lose the rows after it
            failures += 1
            out["error"] = _internal(exc)
        if args.json:
            print(json.dumps(out, ensure_ascii=False), file=console.out)
        else:
            body = f"[{out['id']}] error: {out['error']}" if "error" in out else hits_text(
                str(row.text), answer, False)
            print(body + "\n", file=console.out)
    return EXIT_ERROR if rows and failures == len(rows) else EXIT_OK


def _internal(exc: Exception) -> str:
    """What to tell of a fault of caseqa's own on one row of a file (the other rows go on)."""
    return (f"caseqa failed on this row ({type(exc).__name__}: {exc}); the other rows were still read — "
            "please report this row with the message")


def _looks_like_jsonl(lines: list[str]) -> bool:
    """Claims piped in as JSON lines rather than an essay: every non-blank line is a JSON object."""
    filled = [line.strip() for line in lines if line.strip()]
    return bool(filled) and all(line.startswith("{") and line.endswith("}") for line in filled)


def _claims_input(args: argparse.Namespace, stdin: TextIO) -> list[BatchRow] | str:
    """Rows from a claims file (.jsonl, or JSON lines on stdin), or the essay text of any other input."""
    if args.input is None:
        return args.claim
    name, lines = read_lines(args.input, stdin)
    if args.input.suffix.lower() == ".jsonl" or (name == "stdin" and _looks_like_jsonl(lines)):
        return batch_rows(name, lines, field="claim", alias="text")
    return "\n".join(lines)


def cmd_check(args: argparse.Namespace, engine: Engine, console: _Console, stdin: TextIO) -> int:
    _one_source(args.claim, args.input, "a claim", 'caseqa check "Cainiao set up 400 hotlines."',
                "--input FILE", "(an essay, or claims as .jsonl)")
    source = _claims_input(args, stdin)
    _ensure(engine, console)
    verdicts = []
    failures: list[tuple[object, str]] = []
    if isinstance(source, list):  # claims file: one verdict per row, errors reported per row
        for row in source:
            try:
                if row.error or row.text is None:
                    raise CaseQAError(row.error or "no claim")
                found = engine.check(row.text, doc=row.doc or args.doc)
                verdict = found[0] if len(found) == 1 else _merge(found)
            except Exception as exc:  # a fault of ours on one row must not lose the rows after it
                message = str(exc) if isinstance(exc, CaseQAError) else _internal(exc)
                failures.append((row.id, message))
                if args.json:
                    print(json.dumps({"id": row.id, "verdict": None, "error": message}, ensure_ascii=False),
                          file=console.out)
                else:
                    print(f"[{row.id}] error: {message}\n", file=console.out)
                continue
            verdicts.append(verdict)
            _print_verdict(args, console, verdict, row.id)
    else:
        verdicts = engine.check(source, doc=args.doc)
        for n, verdict in enumerate(verdicts, start=1):
            _print_verdict(args, console, verdict, n)
    if not args.json and len(verdicts) + len(failures) > 1:
        failed = f"; {len(failures)} row(s) could not be checked" if failures else ""
        print(f"\nSummary: {summary(verdicts)}{failed}", file=console.out)
    if args.report:
        write_report(verdicts, args.report, failures)
        print(f"caseqa: report written to {args.report}", file=console.err)
    return EXIT_ERROR if isinstance(source, list) and source and len(failures) == len(source) else EXIT_OK


def _merge(verdicts: list[Verdict]) -> Verdict:
    """A claims-file row that holds several sentences: the weakest verdict speaks for the row."""
    checked = [v for v in verdicts if v.label != Label.SKIPPED] or verdicts
    return min(checked, key=lambda v: v.label.severity)


def _print_verdict(args: argparse.Namespace, console: _Console, verdict, ident: object) -> None:
    if args.json:
        print(json.dumps(verdict.to_json(ident), ensure_ascii=False), file=console.out)
    else:
        print(verdict_text(verdict, ident), file=console.out)


def cmd_eval(args: argparse.Namespace, engine: Engine, console: _Console) -> int:
    rows = read_jsonl(args.file)
    _ensure(engine, console)
    result = evaluate(engine.index, engine.encoder, rows, engine.settings)
    if args.json:
        print(json.dumps(result.as_dict()), file=console.out)
    else:
        for key, value in result.as_dict().items():
            print(f"{key:20} {value}", file=console.out)
    return EXIT_OK


def main(argv: Sequence[str] | None = None, encoder: Encoder | None = None,
         stdout: TextIO | None = None, stderr: TextIO | None = None, stdin: TextIO | None = None) -> int:
    """Run the CLI; returns the exit code (0 ok, 1 error, 2 usage).

    Args:
        argv: Arguments without the program name (default: sys.argv[1:]).
        encoder: An encoder to use instead of loading the model (tests).
        stdout: Where results go.
        stderr: Where progress and errors go.
        stdin: Where ``--input -`` reads from.
    """
    out, err = stdout or sys.stdout, stderr or sys.stderr
    parser = build_parser()
    try:
        with contextlib.redirect_stderr(err), contextlib.redirect_stdout(out):  # --help, usage errors
            args = parser.parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0)
    console = _Console(out, err, quiet=getattr(args, "quiet", False))
    try:
        engine = _engine(args, encoder)
        if args.command == "index":
            return cmd_index(args, engine, console)
        if args.command == "ask":
            return cmd_ask(args, engine, console, stdin or sys.stdin)
        if args.command == "check":
            return cmd_check(args, engine, console, stdin or sys.stdin)
        if args.command == "eval":
            return cmd_eval(args, engine, console)
    except UsageError as exc:
        print(f"caseqa: error: {exc}", file=err)
        return EXIT_USAGE
    except CaseQAError as exc:
        print(f"caseqa: error: {exc}", file=err)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("caseqa: interrupted", file=err)
        return 130
    parser.print_usage(err)
    return EXIT_USAGE


def main_entry() -> None:
    """Console-script entry point (a closed pipe, as in `caseqa ask ... | head`, is not an error)."""
    try:
        code = main()
        sys.stdout.flush()
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        code = EXIT_OK
    sys.exit(code)
