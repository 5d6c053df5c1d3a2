"""A browserless Streamlit client: one websocket session that speaks the browser's protocol to the real server.

A browser tab talks to a Streamlit server over one websocket at /_stcore/stream (subprotocol "streamlit"):
it sends BackMsg protobufs, above all `rerun_script` with a ClientState (query string, page name or page
hash, the values of its widgets, its time zone and locale), and receives ForwardMsg protobufs: `new_session`
when a run starts, `delta`s with the page's elements (every widget carries the `id` the server gave it),
`page_info_changed` when the script rewrites the query string, `auto_rerun` for a fragment that polls, and
`script_finished` when a run ends. `Session` does the same with the `websockets` package (which Streamlit
itself depends on), so a load test measures the server and not N browsers:

    session = Session("ws://127.0.0.1:8501", "join", "join=ABC123&lang=fi")
    await session.connect()
    run = await session.rerun()                      # what opening the page does
    box = session.widget("text_input", key="join_name")
    run = await session.rerun([text(box.id, "Anna")], trigger=session.submit_button("join_form").id)

A run is over at the first `script_finished` that is not FINISHED_EARLY_FOR_RERUN (an `st.rerun()` inside
the script continues the same run chain). Requests on one session are serialised, as one tab's are.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ClientState_pb2 import ContextInfo
from streamlit.proto.Element_pb2 import Element
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState
from websockets.asyncio.client import ClientConnection, connect

FINISHED = ForwardMsg.FINISHED_SUCCESSFULLY
FRAGMENT_FINISHED = ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY
EARLY = ForwardMsg.FINISHED_EARLY_FOR_RERUN
COMPILE_ERROR = ForwardMsg.FINISHED_WITH_COMPILE_ERROR


class RunFailed(RuntimeError):
    """A run did not finish: the script raised, the connection dropped or the wait timed out."""


@dataclass
class Run:
    """One request's answer: how long it took, how it ended, and the elements its last run drew."""

    seconds: float
    status: int
    elements: list[Element] = field(default_factory=list)
    runs: int = 1  # script runs in the chain (2 when the script called st.rerun())

    def texts(self) -> list[str]:
        """The visible text of markdown, headings, captions and alerts, in order."""
        out = []
        for el in self.elements:
            kind = el.WhichOneof("type")
            if kind in ("markdown", "heading", "alert", "text"):
                out.append(getattr(el, kind).body)
        return out

    def alerts(self, fmt: str) -> list[str]:
        """Bodies of st.success/info/warning/error boxes ("SUCCESS", "INFO", "WARNING", "ERROR")."""
        wanted = getattr(Element().alert.Format, fmt)
        return [
            el.alert.body
            for el in self.elements
            if el.WhichOneof("type") == "alert" and el.alert.format == wanted
        ]

    def exceptions(self) -> list[str]:
        return [
            f"{el.exception.type}: {el.exception.message}"
            for el in self.elements
            if el.WhichOneof("type") == "exception"
        ]


def text(widget_id: str, value: str) -> WidgetState:
    return WidgetState(id=widget_id, string_value=value)


def number(widget: Any, value: float) -> WidgetState:
    """The state of an st.number_input: a double for FLOAT inputs, an int for INT ones (as the browser sends)."""
    if widget.data_type == widget.INT:
        return WidgetState(id=widget.id, int_value=int(value))
    return WidgetState(id=widget.id, double_value=float(value))


class Session:
    """One browser tab's websocket session on a Streamlit server (see the module docstring)."""

    def __init__(
        self,
        base: str,
        page: str,
        query_string: str = "",
        *,
        timezone: str = "Europe/Helsinki",
        locale: str = "fi-FI",
        follow_polls: bool = False,
        timeout: float = 60.0,
        headers: dict[str, str] | None = None,
        local_addr: tuple[str, int] | None = None,
    ) -> None:
        self.base = base.rstrip("/").replace("http://", "ws://").replace("https://", "wss://")
        self.page = page
        self.query_string = query_string
        self.timezone = timezone
        self.locale = locale
        # Run each `auto_rerun` fragment on its interval, as the browser's timers do.
        self.follow_polls = follow_polls
        self.timeout = timeout
        self.headers = headers or {}  # extra request headers, e.g. {"Cookie": ...} as the browser sends them
        self.local_addr = local_addr  # the client's own address (say 127.0.0.2: another "machine")
        self.page_script_hash = ""
        self.name = ""  # a free label for the caller (say the participant's name)
        self.widgets: dict[str, Any] = {}  # widget id -> its element proto (NumberInput, Button, ...)
        self.fragments: dict[str, str] = {}  # widget id -> the fragment that drew it ("" for the page)
        self.values: dict[str, WidgetState] = {}  # what the tab would send back on the next rerun
        self.auto_reruns: dict[str, float] = {}  # fragment id -> interval in seconds
        self.poll_times: list[float] = []  # background fragment polls' durations
        self.poll_failures = 0
        self._ws: ClientConnection | None = None
        self._reader: asyncio.Task[None] | None = None
        self._poller: asyncio.Task[None] | None = None
        self._busy = asyncio.Lock()
        self._waiter: asyncio.Future[tuple[int, list[Element], int]] | None = None
        self._elements: list[Element] = []
        self._runs = 0
        self._closed_error: BaseException | None = None

    # ------------------------------------------------------------------ connection

    async def connect(self) -> None:
        host = self.base.split("://", 1)[1]
        self._ws = await connect(
            f"{self.base}/_stcore/stream",
            subprotocols=["streamlit"],  # type: ignore[list-item]
            origin=f"http://{host}",  # type: ignore[arg-type]
            max_size=None,
            ping_interval=None,
            additional_headers=self.headers or None,
            **({"local_addr": self.local_addr} if self.local_addr else {}),
        )
        self._reader = asyncio.create_task(self._read(), name="st-client-read")
        if self.follow_polls:
            self._poller = asyncio.create_task(self._poll(), name="st-client-poll")

    async def close(self) -> None:
        for task in (self._poller, self._reader):
            if task is not None:
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError, Exception):
                    await task
        if self._ws is not None:
            await self._ws.close()

    # ------------------------------------------------------------------ requests

    def _client_state_url(self) -> str:
        host = self.base.split("://", 1)[1]
        return f"http://{host}/{self.page}" + (f"?{self.query_string}" if self.query_string else "")

    def _back_msg(
        self, widgets: Iterable[WidgetState], trigger: str | None, fragment_id: str, auto: bool
    ) -> BackMsg:
        msg = BackMsg()
        state = msg.rerun_script
        state.query_string = self.query_string
        state.page_name = self.page if not self.page_script_hash else ""
        state.page_script_hash = self.page_script_hash
        state.fragment_id = fragment_id
        state.is_auto_rerun = auto
        for w in widgets:
            self.values[w.id] = w
        state.widget_states.widgets.extend(self.values.values())
        if trigger is not None:
            state.widget_states.widgets.append(WidgetState(id=trigger, trigger_value=True))
        state.context_info.CopyFrom(
            ContextInfo(
                timezone=self.timezone,
                timezone_offset=-120,
                locale=self.locale,
                url=self._client_state_url(),
                is_embedded=False,
                color_scheme="light",
            )
        )
        return msg

    async def rerun(
        self,
        widgets: Iterable[WidgetState] = (),
        trigger: str | None = None,
        *,
        fragment_id: str = "",
        auto: bool = False,
    ) -> Run:
        """Send one rerun_script (widget values, a pressed button) and wait until its run chain has finished.

        The time is taken from just before the message is sent to the arrival of the final script_finished.
        Raises RunFailed when the script raised an uncaught exception, the run timed out or the socket closed.
        """
        async with self._busy:
            return await self._request(self._back_msg(widgets, trigger, fragment_id, auto))

    async def _request(self, msg: BackMsg) -> Run:
        if self._ws is None:
            raise RunFailed("not connected")
        if self._closed_error is not None:
            raise RunFailed(f"connection closed: {self._closed_error!r}")
        loop = asyncio.get_running_loop()
        self._waiter = loop.create_future()
        self._runs = 0
        data = msg.SerializeToString()
        started = time.perf_counter()
        await self._ws.send(data)
        try:
            status, elements, runs = await asyncio.wait_for(self._waiter, self.timeout)
        except TimeoutError as err:
            raise RunFailed(f"no script_finished within {self.timeout:.0f} s") from err
        finally:
            self._waiter = None
        run = Run(time.perf_counter() - started, status, elements, runs)
        if status == COMPILE_ERROR or run.exceptions():
            raise RunFailed("; ".join(run.exceptions()) or "compile error")
        return run

    # ------------------------------------------------------------------ widgets

    def widget(
        self, kind: str, *, key: str | None = None, label: str | None = None, form: str | None = None
    ) -> Any:
        """The widget of one kind ("number_input", "button", ...) whose user key, label or form matches."""
        found = [
            w
            for el_kind, w in self.widgets.values()
            if el_kind == kind
            and (key is None or w.id.endswith(f"-{key}"))
            and (label is None or w.label == label)
            and (form is None or w.form_id == form)
        ]
        if len(found) != 1:
            raise LookupError(f"{len(found)} {kind} widgets with key={key!r} label={label!r} form={form!r}")
        return found[0]

    def submit_button(self, form: str) -> Any:
        """A form's st.form_submit_button (a Button with is_form_submitter and the form's id)."""
        found = [
            w for k, w in self.widgets.values() if k == "button" and w.is_form_submitter and w.form_id == form
        ]
        if len(found) != 1:
            raise LookupError(f"{len(found)} submit buttons in form {form!r}")
        return found[0]

    def has_widget(self, kind: str, **match: str) -> bool:
        try:
            self.widget(kind, **match)
        except LookupError:
            return False
        return True

    # ------------------------------------------------------------------ incoming messages

    async def _read(self) -> None:
        assert self._ws is not None
        try:
            async for data in self._ws:
                msg = ForwardMsg()
                msg.ParseFromString(data if isinstance(data, bytes) else data.encode())
                self._handle(msg)
        except Exception as err:  # noqa: BLE001 - reported to whoever waits
            self._closed_error = err
        else:
            self._closed_error = ConnectionError("server closed the websocket")
        if self._waiter is not None and not self._waiter.done():
            self._waiter.set_exception(RunFailed(f"connection closed: {self._closed_error!r}"))

    def _handle(self, msg: ForwardMsg) -> None:
        kind = msg.WhichOneof("type")
        if kind == "new_session":
            fragment_run = bool(msg.metadata.run.fragment_ids)
            if not fragment_run:
                self.widgets = {}
                self.auto_reruns = {}
            self._elements = []
            self._runs += 1
        elif kind == "delta" and msg.delta.WhichOneof("type") == "new_element":
            el = msg.delta.new_element
            self._elements.append(el)
            el_kind = el.WhichOneof("type")
            widget = getattr(el, el_kind) if el_kind else None
            widget_id = getattr(widget, "id", "") if widget is not None else ""
            if widget_id:
                self.widgets[widget_id] = (el_kind, widget)
                # A widget drawn by a fragment reruns only that fragment: the browser sends its id.
                self.fragments[widget_id] = msg.delta.fragment_id
        elif kind == "navigation":
            # With st.navigation, new_session names the main script; this names the page that runs.
            self.page_script_hash = msg.navigation.page_script_hash
        elif kind == "page_info_changed":
            self.query_string = msg.page_info_changed.query_string
        elif kind == "auto_rerun":
            self.auto_reruns[msg.auto_rerun.fragment_id] = msg.auto_rerun.interval
        elif kind == "script_finished":
            status = msg.script_finished
            if status == EARLY:
                return
            if status == FINISHED:
                # The browser forgets the values of widgets the finished run did not draw.
                self.values = {k: v for k, v in self.values.items() if k in self.widgets}
            if self._waiter is not None and not self._waiter.done():
                self._waiter.set_result((status, list(self._elements), self._runs))

    async def _poll(self) -> None:
        """Run every `auto_rerun` fragment on its interval, as the browser's timers do (skipped while busy)."""
        last: dict[str, float] = {}
        while True:
            await asyncio.sleep(0.25)
            now = time.monotonic()
            for fragment_id, interval in list(self.auto_reruns.items()):
                if now - last.setdefault(fragment_id, now) < interval or self._busy.locked():
                    continue
                last[fragment_id] = now
                try:
                    run = await self.rerun(fragment_id=fragment_id, auto=True)
                    self.poll_times.append(run.seconds)
                except RunFailed:
                    self.poll_failures += 1


# ---------------------------------------------------------------------- the participant page (pages/join.py)

JOIN_FORM = "join_form"


async def open_join(base: str, code: str, lang: str = "fi", **options: Any) -> tuple[Session, Run]:
    """A phone that opens the QR link /join?join=CODE: connected, first run done, the join form drawn."""
    session = Session(base, "join", f"join={code}&lang={lang}", **options)
    await session.connect()
    run = await session.rerun()
    session.submit_button(JOIN_FORM)  # raises LookupError when the page drew no join form
    return session, run


async def join(session: Session, code: str, name: str) -> Run:
    """Fill in the code and the name and press "Join", as the browser sends it: both fields and the trigger."""
    fields = [
        text(session.widget("text_input", key="join_code").id, code),
        text(session.widget("text_input", key="join_name").id, name),
    ]
    return await session.rerun(fields, trigger=session.submit_button(JOIN_FORM).id)


def guess_box(session: Session, step_id: str) -> Any:
    """The current guess step's text field (key join_guess_<step>_value): people type "125 000"."""
    return session.widget("text_input", key=f"join_guess_{step_id}_value")


async def submit_guess(session: Session, step_id: str, value: float) -> Run:
    """Type a number into the guess form and press "Send": the field's value plus the submit trigger."""
    box = guess_box(session, step_id)
    return await session.rerun(
        [text(box.id, f"{value:g}" if abs(value) < 1e6 else f"{value:.0f}")],
        trigger=session.submit_button(box.form_id).id,
        fragment_id=session.fragments.get(box.id, ""),
    )


def stored_guesses(engine: Any, workshop_id: int, step_id: str) -> dict[str, list[float]]:
    """Every guess row stored for a step, by the participant's display name (withdrawn ones included)."""
    from sqlalchemy import select

    from foresight.workshop import db
    from foresight.workshop.models import participants, submissions

    query = (
        select(participants.c.display_name, submissions.c.payload)
        .join(participants, participants.c.id == submissions.c.participant_id)
        .where(submissions.c.workshop_id == workshop_id, submissions.c.step_id == step_id)
    )
    out: dict[str, list[float]] = {}
    with db.read(engine) as conn:
        for name, payload in conn.execute(query).all():
            out.setdefault(str(name), []).append(float(payload["value"]))
    return out
