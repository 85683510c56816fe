"""One voice conversation: audio in → end-pointing → speech-to-text → dialogue → text-to-speech → audio out.

Every voice channel (kiosk microphone, a WAV file, later a phone line) feeds a :class:`VoiceSession`
with :class:`~speech.audio.AudioChunk` s and gives it an :class:`~assistant.voice.output.AudioOutput`;
the session does the rest and reports each step as a typed event (:mod:`assistant.voice.events`).

How it stays responsive on 2 cores:

- the input loop only does cheap work per 30 ms frame (level-based end-pointing, queueing);
- recognition streams *while* the citizen speaks, in one worker thread per session (so frames are
  decoded in order), and at the end of speech only the last fraction of a second is left to decode;
- the reply (dialogue over HTTP, synthesis sentence by sentence in a thread, playback) runs as one
  asyncio task, so the input loop keeps listening and can stop playback the moment the citizen
  speaks again (barge-in): ``output.stop()`` is called in the same step that detected the voice.

The conversation rules the issue asks for live here, not in the dialogue, because only the voice
loop knows about them: silence (re-prompt at most ``max_reprompts`` times, then offer staff),
recognition confidence (ask "Có phải bạn nói: …?" below the threshold) and the speaking rate (the
dialogue's ``speech_rate`` payload is kept for the rest of the session).

Test seam: :meth:`VoiceSession.respond_to` takes a :class:`~speech.stt.base.Transcript` directly —
text injected at the STT boundary, everything after it (dialogue, voice, playback) real.
"""

from __future__ import annotations

import asyncio
import logging
import re
import time
import uuid
from collections import deque
from collections.abc import AsyncIterable, AsyncIterator, Callable, Coroutine, Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from enum import Enum
from typing import Any, Protocol

import numpy as np

from assistant.voice.config import (
    CHOICE_PHRASES,
    COMMAND_PHRASES,
    CONFIRM_HINT,
    CONFIRM_TEMPLATE,
    DENIED_TEXT,
    DIGIT_WORDS,
    FORM_YES_NO_PHRASES,
    HANDOFF_DECLINED_TEXT,
    HANDOFF_OFFER_TEXT,
    NUMBER_WORDS,
    YES_NO_PHRASES,
    SessionConfig,
)
from assistant.voice.dialogue_client import REQUEST_HUMAN, Dialogue, DialogueReply
from assistant.voice.events import (
    BargeIn,
    ConfirmRequested,
    ErrorEvent,
    Handoff,
    Heard,
    Idle,
    Listening,
    Partial,
    PlaybackEnded,
    PlaybackStarted,
    Reprompt,
    RepromptReason,
    Saying,
    SessionEnded,
    SessionStarted,
    SpeechEnded,
    SpeechSource,
    SpeechStarted,
    SpeedChanged,
    TurnEnded,
    TurnTiming,
    VoiceError,
    VoiceEvent,
    VoiceStage,
)
from assistant.voice.output import AudioOutput
from civic.text.understand import parse_yes_no
from speech.audio import TARGET_RATE, AudioChunk, StreamConverter
from speech.errors import AudioInputError, RecognitionError, SpeechError, SpeechErrorCode
from speech.stt.base import RecognizerSession, SpeechRecognizer, Transcript, TranscriptEvent
from speech.tts.base import clamp_rate
from speech.vad import EndPointer, VadEvent, VadEventType

log = logging.getLogger(__name__)

EventCallback = Callable[[VoiceEvent], None]


class SpeechStream(Protocol):
    """A synthesizer or a :class:`~speech.tts.cache.PromptCache` around one: text → audio chunks."""

    def synthesize(self, text: str, rate: float = 1.0) -> Iterator[AudioChunk]: ...


class Pending(Enum):
    """A question the voice loop itself asked and whose answer it handles."""

    CONFIRM = "confirm"
    HANDOFF_OFFER = "handoff_offer"


@dataclass
class _Utterance:
    """One stretch of the citizen's speech on its way through the recognizer."""

    start_ms: int
    stt: RecognizerSession | None = None
    error: BaseException | None = None
    closed: bool = False
    """Final result taken or utterance dropped: later partial results are stale."""


@dataclass
class _TurnClock:
    """Times of one reply, relative to the end-pointer's decision (``ended_at``)."""

    ended_at: float | None = None
    end_silence_ms: int = 0
    stt_final: float | None = None
    dialogue_done: float | None = None
    first_audio: float | None = None

    def timing(self) -> TurnTiming:
        def since(moment: float | None) -> float | None:
            if moment is None or self.ended_at is None:
                return None
            return round((moment - self.ended_at) * 1000.0, 2)

        return TurnTiming(
            stt_final_ms=since(self.stt_final),
            dialogue_ms=since(self.dialogue_done),
            first_audio_ms=since(self.first_audio),
            end_silence_ms=self.end_silence_ms,
        )


class VoiceSession:
    """A conversation with one citizen (a kiosk starts a new one when the previous citizen goes quiet)."""

    def __init__(
        self,
        recognizer: SpeechRecognizer,
        voice: SpeechStream,
        dialogue: Dialogue,
        output: AudioOutput,
        config: SessionConfig | None = None,
        *,
        sender: str | None = None,
        clock: Callable[[], float] = time.perf_counter,
    ) -> None:
        self.recognizer = recognizer
        self.voice = voice
        self.dialogue = dialogue
        self.output = output
        self.config = config or SessionConfig()
        self.sender = sender or _new_sender()
        self.rate = clamp_rate(self.config.initial_rate)
        self._clock = clock
        self._listeners: list[EventCallback] = []
        self._queues: list[asyncio.Queue[VoiceEvent]] = []
        frame_ms = self.config.vad.frame_ms
        self._frame_ms = frame_ms
        self._frame_bytes = TARGET_RATE * frame_ms // 1000 * 2
        self._vad = EndPointer(self.config.vad, TARGET_RATE)
        self._vad_origin_ms = 0
        self._stream_ms = 0
        self._preroll: deque[tuple[int, bytes]] = deque(
            maxlen=max(1, (self.config.vad.start_window_ms + self.config.preroll_ms) // frame_ms)
        )
        self._converter = StreamConverter(TARGET_RATE)
        self._carry = b""
        self._utterance: _Utterance | None = None
        self._stt_pool: ThreadPoolExecutor | None = None
        self._task: asyncio.Task[None] | None = None
        self._pending: Pending | None = None
        self._pending_text = ""
        self._grammar: tuple[str, ...] | None = None
        self._reprompts = 0
        self._engaged = False
        self._heard_any = False
        self._stop_input = False
        self.turns = 0
        """Replies received from the dialogue (played, or being played, or cut short by barge-in)."""
        self.last_timing: TurnTiming | None = None

    # -- events ------------------------------------------------------------------------------------
    def subscribe(self, callback: EventCallback) -> None:
        """Call ``callback`` with every event, in order, on the event loop's thread."""
        self._listeners.append(callback)

    async def events(self) -> AsyncIterator[VoiceEvent]:
        """Every event from now until the session ends (for a caption screen)."""
        queue: asyncio.Queue[VoiceEvent] = asyncio.Queue()
        self._queues.append(queue)
        try:
            while True:
                event = await queue.get()
                yield event
                if isinstance(event, SessionEnded):
                    return
        finally:
            self._queues.remove(queue)

    def _emit(self, event: VoiceEvent) -> None:
        log.debug("voice event %s", event.type.value)  # never the captions: they hold what was said
        for callback in list(self._listeners):
            try:
                callback(event)
            except Exception:  # a broken screen must not stop the conversation
                log.exception("voice event listener failed")
        for queue in self._queues:
            queue.put_nowait(event)

    def _now(self) -> float:
        return self._clock()

    # -- running -----------------------------------------------------------------------------------
    @property
    def responding(self) -> bool:
        """The assistant is thinking or speaking."""
        return self._task is not None and not self._task.done()

    async def run(self, audio: AsyncIterable[AudioChunk], max_turns: int | None = None) -> None:
        """Listen to ``audio`` until it ends (or ``max_turns`` replies were played), answering as it goes."""
        self._stt_pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="stt")
        self._emit(SessionStarted(self._now(), sender=self.sender, profile=self.config.profile))
        self._emit(Listening(self._now()))
        try:
            async for chunk in audio:
                self._accept_chunk(chunk)
                if max_turns is not None and self.turns >= max_turns and not self.responding:
                    break
                if self._stop_input:
                    break
            await self._end_of_stream()
        finally:
            await self._shutdown()
            self._emit(SessionEnded(self._now(), turns=self.turns))

    async def wait_idle(self) -> None:
        """Wait for the reply in progress, if any (tests and the file channel)."""
        while self._task is not None and not self._task.done():
            await asyncio.gather(self._task, return_exceptions=True)

    def _accept_chunk(self, chunk: AudioChunk) -> None:
        try:
            pcm = self._converter.convert(chunk)
        except AudioInputError as exc:  # a malformed chunk is dropped, the session goes on
            self._emit(ErrorEvent(self._now(), VoiceStage.LISTEN, exc.code.value, exc.message))
            return
        data = self._carry + pcm.astype("<i2").tobytes()
        usable = len(data) - len(data) % self._frame_bytes
        for offset in range(0, usable, self._frame_bytes):
            self._on_frame(data[offset : offset + self._frame_bytes])
            if self._stop_input:
                break
        self._carry = data[usable:]

    def _on_frame(self, frame: bytes) -> None:
        frame_start = self._stream_ms
        self._stream_ms += self._frame_ms
        self._preroll.append((frame_start, frame))
        if self._utterance is not None:
            self._feed(self._utterance, frame)
        event = self._vad.process(frame)
        if event is not None:
            self._on_vad(event)

    def _on_vad(self, event: VadEvent) -> None:
        at_ms = self._vad_origin_ms + event.time_ms
        if event.type is VadEventType.SPEECH_START:
            start_ms = self._vad_origin_ms + (event.speech_start_ms or event.time_ms)
            if self.responding:
                if not self.config.barge_in:
                    self._reset_vad()
                    return
                self._barge_in(start_ms, at_ms)
            self._start_utterance(start_ms)
            self._emit(SpeechStarted(self._now(), stream_ms=start_ms))
        elif event.type is VadEventType.SPEECH_END:
            start = event.speech_start_ms or 0
            end = event.speech_end_ms if event.speech_end_ms is not None else event.time_ms
            reason = event.reason.value if event.reason else "silence"
            self._end_utterance(
                at_ms, speech_ms=end - start, end_silence_ms=event.time_ms - end, reason=reason
            )
        elif event.type is VadEventType.TIMEOUT_NO_SPEECH:
            self._reset_vad()
            if not self.responding:
                self._on_silence()

    def _reset_vad(self) -> None:
        self._vad.reset(keep_noise_floor=True)
        self._vad_origin_ms = self._stream_ms

    async def _end_of_stream(self) -> None:
        """Input ended: close an utterance cut off mid-speech, or say that nothing was heard."""
        if self._utterance is not None:
            start = self._utterance.start_ms
            self._end_utterance(self._stream_ms, self._stream_ms - start, 0, "end_of_stream")
        elif self.config.single_turn and not self._heard_any and not self.responding:
            self._heard_any = True
            self._start_task(self._reprompt(RepromptReason.SILENCE, _spoken(SpeechErrorCode.SILENCE)))
        await self.wait_idle()

    async def _shutdown(self) -> None:
        if self._task is not None and not self._task.done():
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)
        if self._utterance is not None:
            self._drop_utterance(self._utterance)
            self._utterance = None
        if self._stt_pool is not None:
            self._stt_pool.shutdown(wait=True)
            self._stt_pool = None

    # -- the citizen speaking --------------------------------------------------------------------
    def _start_utterance(self, start_ms: int) -> None:
        utterance = _Utterance(start_ms=start_ms)
        self._utterance = utterance
        self._heard_any = True
        grammar = self._grammar
        self._submit(lambda: self._open_stt(utterance, grammar))
        first = start_ms - self.config.preroll_ms
        for frame_start, frame in self._preroll:
            if frame_start >= first:
                self._feed(utterance, frame)

    def _open_stt(self, utterance: _Utterance, grammar: Sequence[str] | None) -> None:
        try:
            utterance.stt = self.recognizer.session(grammar)
        except Exception as exc:
            utterance.error = exc

    def _feed(self, utterance: _Utterance, frame: bytes) -> None:
        future = self._submit(lambda: _accept(utterance, frame))
        future.add_done_callback(lambda done: self._on_partial(utterance, done))

    def _submit(self, work: Callable[[], object]) -> asyncio.Future[object]:
        assert self._stt_pool is not None, "the session is not running"
        return asyncio.get_running_loop().run_in_executor(self._stt_pool, work)

    def _on_partial(self, utterance: _Utterance, done: asyncio.Future[object]) -> None:
        if done.cancelled():
            return
        if done.exception() is not None:
            utterance.error = utterance.error or done.exception()
            return
        result = done.result()
        if isinstance(result, TranscriptEvent) and result.text and not utterance.closed:
            self._emit(Partial(self._now(), text=result.text))

    def _end_utterance(self, at_ms: int, speech_ms: int, end_silence_ms: int, reason: str) -> None:
        utterance, self._utterance = self._utterance, None
        self._reset_vad()
        ended_at = self._now()
        self._emit(
            SpeechEnded(
                ended_at, stream_ms=at_ms, speech_ms=speech_ms, end_silence_ms=end_silence_ms, reason=reason
            )
        )
        if utterance is None:
            return
        if self.config.single_turn:
            self._stop_input = True
        clock = _TurnClock(ended_at=ended_at, end_silence_ms=end_silence_ms)
        self._start_task(self._reply_to_utterance(utterance, clock), clock)

    def _drop_utterance(self, utterance: _Utterance) -> None:
        utterance.closed = True

        def close() -> None:
            if utterance.stt is not None:
                utterance.stt.close()

        if self._stt_pool is not None:
            self._stt_pool.submit(close)

    async def _reply_to_utterance(self, utterance: _Utterance, clock: _TurnClock) -> None:
        try:
            transcript = await asyncio.get_running_loop().run_in_executor(
                self._stt_pool, lambda: _finish(utterance)
            )
        except SpeechError as exc:
            utterance.closed = True
            self._emit(ErrorEvent(self._now(), VoiceStage.STT, exc.code.value, exc.message))
            await self._reprompt(RepromptReason.NOT_HEARD, exc.message, clock)
            return
        utterance.closed = True  # partials decoded before the final result were delivered already
        clock.stt_final = self._now()
        await self._respond(transcript, clock)

    # -- deciding what to say ----------------------------------------------------------------------
    async def respond_to(self, transcript: Transcript) -> None:
        """Answer ``transcript`` as if the recognizer had just heard it, and wait for the reply to end.

        The documented test seam: text injected at the STT boundary, the rest of the loop (dialogue,
        voice, playback, events) real. Works with or without :meth:`run` listening.
        """
        now = self._now()
        clock = _TurnClock(ended_at=now, stt_final=now)
        self._start_task(self._respond(transcript, clock), clock)
        await self.wait_idle()

    async def _respond(self, transcript: Transcript, clock: _TurnClock) -> None:
        text = " ".join(transcript.text.split())
        if not text:
            await self._reprompt(RepromptReason.NOT_HEARD, _spoken(SpeechErrorCode.NO_SPEECH), clock)
            return
        self._emit(
            Heard(self._now(), text=text, confidence=transcript.confidence, engine=self.recognizer.name)
        )
        pending, self._pending = self._pending, None
        self._grammar = None
        if pending is Pending.CONFIRM:
            answer = parse_yes_no(text)
            if answer is True:
                await self._ask_dialogue(self._pending_text, clock)
                return
            if answer is False:
                await self._reprompt(RepromptReason.DENIED, DENIED_TEXT, clock, count=False)
                return
        elif pending is Pending.HANDOFF_OFFER:
            answer = parse_yes_no(text)
            if answer is True:
                await self._ask_dialogue(REQUEST_HUMAN, clock)
                return
            if answer is False:
                self._reprompts = 0
                await self._say([(HANDOFF_DECLINED_TEXT, "info", SpeechSource.PROMPT)], clock)
                return
        if transcript.confidence < self.config.confidence_threshold:
            await self._confirm(text, transcript.confidence, clock)
            return
        await self._ask_dialogue(text, clock)

    async def _confirm(self, text: str, confidence: float, clock: _TurnClock) -> None:
        self._pending, self._pending_text = Pending.CONFIRM, text
        self._grammar = YES_NO_PHRASES + COMMAND_PHRASES
        self._emit(
            ConfirmRequested(
                self._now(), text=text, confidence=confidence, threshold=self.config.confidence_threshold
            )
        )
        question = CONFIRM_TEMPLATE.format(text=text)
        await self._say(
            [(question, "confirm", SpeechSource.PROMPT), (CONFIRM_HINT, "confirm", SpeechSource.PROMPT)],
            clock,
        )

    async def _ask_dialogue(self, text: str, clock: _TurnClock) -> None:
        try:
            replies = await self.dialogue.send(self.sender, text)
        except VoiceError as exc:
            self._emit(ErrorEvent(self._now(), VoiceStage.DIALOGUE, exc.code.value, exc.message))
            await self._say([(exc.message, "error", SpeechSource.PROMPT)], clock)
            return
        clock.dialogue_done = self._now()
        self._engaged = True
        self._reprompts = 0
        for reply in replies:
            self._apply(reply)
        self._grammar = _grammar_after(replies)
        self.turns += 1
        await self._say([(r.text, r.kind, SpeechSource.DIALOGUE) for r in replies], clock)

    def _apply(self, reply: DialogueReply) -> None:
        """Payload effects that outlive the reply: speaking rate, hand-off."""
        if reply.speech_rate is not None:
            rate = clamp_rate(reply.speech_rate)
            if rate != self.rate:
                self.rate = rate
                self._emit(SpeedChanged(self._now(), rate=rate))
        if reply.handoff or reply.kind == "handoff":
            self._emit(Handoff(self._now(), offered=False, requested=True))
        elif reply.handoff_offered:
            self._emit(Handoff(self._now(), offered=True, requested=False))

    def _on_silence(self) -> None:
        """Nobody spoke after the assistant finished: re-prompt, then offer staff, then give up."""
        if self.config.single_turn:
            self._stop_input = True
            self._start_task(self._reprompt(RepromptReason.SILENCE, _spoken(SpeechErrorCode.SILENCE)))
            return
        if not self._engaged:
            return  # a kiosk nobody is talking to stays quiet
        self._start_task(self._reprompt(RepromptReason.SILENCE, self.config.reprompt_text))

    async def _reprompt(
        self, reason: RepromptReason, text: str, clock: _TurnClock | None = None, *, count: bool = True
    ) -> None:
        if count:
            self._reprompts += 1
        if self._reprompts > self.config.max_reprompts + 1:
            self._go_idle()
            return
        if self._reprompts == self.config.max_reprompts + 1:
            self._pending = Pending.HANDOFF_OFFER
            self._grammar = YES_NO_PHRASES + COMMAND_PHRASES
            self._emit(Handoff(self._now(), offered=True, requested=False))
            await self._say([(HANDOFF_OFFER_TEXT, "handoff_offer", SpeechSource.PROMPT)], clock)
            return
        self._emit(Reprompt(self._now(), reason=reason, count=self._reprompts, text=text))
        await self._say([(text, "reprompt", SpeechSource.PROMPT)], clock)

    def _go_idle(self) -> None:
        """The citizen has gone: the next voice starts a fresh conversation at the initial rate."""
        self._emit(Idle(self._now()))
        self.sender = _new_sender()
        self.rate = clamp_rate(self.config.initial_rate)
        self._pending = None
        self._grammar = None
        self._reprompts = 0
        self._engaged = False
        if self.config.single_turn:
            self._stop_input = True

    # -- speaking ----------------------------------------------------------------------------------
    async def say(self, text: str, kind: str = "info") -> None:
        """Speak a prompt of the caller's own (a greeting, a file's error) and wait until it was heard.

        Once greeted, the citizen is in a conversation: silence from then on is re-prompted. The
        citizen may talk over it like over any reply (barge-in).
        """
        self._engaged = True
        self._start_task(self._say([(text, kind, SpeechSource.PROMPT)], None))
        await self.wait_idle()

    async def _say(self, messages: Sequence[tuple[str, str, SpeechSource]], clock: _TurnClock | None) -> None:
        started = False
        interrupted = True
        try:
            for text, kind, source in messages:
                self._emit(Saying(self._now(), text=text, kind=kind, rate=self.rate, source=source))
                try:
                    async for chunk in self._synthesize(text):
                        if not started:
                            started = True
                            if clock is not None:
                                clock.first_audio = self._now()
                            self._emit(PlaybackStarted(self._now()))
                        await self.output.play(chunk)
                except SpeechError as exc:  # the caption is on screen; say what we can of the rest
                    self._emit(ErrorEvent(self._now(), VoiceStage.TTS, exc.code.value, exc.message))
            await self.output.drain()
            interrupted = False
        finally:
            if started and not interrupted:
                self._emit(PlaybackEnded(self._now(), interrupted=False))

    async def _synthesize(self, text: str) -> AsyncIterator[AudioChunk]:
        """Sentence by sentence, each in a worker thread: the first plays while the next renders."""
        iterator = self.voice.synthesize(text, self.rate)
        while True:
            chunk = await asyncio.to_thread(next, iterator, None)
            if chunk is None:
                return
            yield chunk

    def _barge_in(self, speech_ms: int, detected_ms: int) -> None:
        self.output.stop()
        if self._task is not None:
            self._task.cancel()
        self._emit(BargeIn(self._now(), speech_stream_ms=speech_ms, detected_stream_ms=detected_ms))
        self._emit(PlaybackEnded(self._now(), interrupted=True))

    # -- reply tasks -------------------------------------------------------------------------------
    def _start_task(self, work: Coroutine[Any, Any, None], clock: _TurnClock | None = None) -> None:
        """Run one reply in the background (cancelling any older one) so listening never stops."""
        if self._task is not None and not self._task.done():
            self._task.cancel()
        self._task = asyncio.get_running_loop().create_task(self._run_reply(work, clock))

    async def _run_reply(self, work: Coroutine[Any, Any, None], clock: _TurnClock | None) -> None:
        try:
            await work
        except asyncio.CancelledError:
            raise
        except Exception:  # a reply must never kill the session
            log.exception("voice reply failed")
            message = _spoken(SpeechErrorCode.ENGINE_FAILED)
            self._emit(
                ErrorEvent(self._now(), VoiceStage.DIALOGUE, SpeechErrorCode.ENGINE_FAILED.value, message)
            )
        finally:
            if clock is not None:
                self.last_timing = clock.timing()
                self._emit(TurnEnded(self._now(), turn=self.turns, timing=self.last_timing))
        if not self._vad.in_speech:
            self._reset_vad()  # the no-speech timeout counts from the end of the reply
        self._emit(Listening(self._now()))


def _new_sender() -> str:
    return f"voice-{uuid.uuid4().hex[:12]}"


def _spoken(code: SpeechErrorCode) -> str:
    return SpeechError(code).message


def _accept(utterance: _Utterance, frame: bytes) -> TranscriptEvent | None:
    if utterance.stt is None or utterance.error is not None:
        return None
    return utterance.stt.accept_samples(np.frombuffer(frame, dtype="<i2").astype(np.int16))


def _finish(utterance: _Utterance) -> Transcript:
    if utterance.error is not None:
        if isinstance(utterance.error, SpeechError):
            raise utterance.error
        raise RecognitionError(SpeechErrorCode.ENGINE_FAILED, type(utterance.error).__name__)
    if utterance.stt is None:
        raise RecognitionError(SpeechErrorCode.ENGINE_FAILED, "recognizer session did not open")
    return utterance.stt.finish()


def _grammar_after(replies: Sequence[DialogueReply]) -> tuple[str, ...] | None:
    """Expected phrases for the next utterance when the assistant just asked a closed question.

    The dialogue says so by the reply's kind (confirm, hand-off offer, numbered options) or, for the
    filing form, by its ``expects`` payload; ``None`` (free recognition) for an open question.
    """
    if not replies:
        return None
    last = replies[-1]
    if last.kind in ("confirm", "handoff_offer") or last.handoff_offered:
        return YES_NO_PHRASES + COMMAND_PHRASES
    if last.kind == "options" and last.options:
        return CHOICE_PHRASES + YES_NO_PHRASES + COMMAND_PHRASES
    return _expected_phrases(last.custom)


def _expected_phrases(payload: Mapping[str, Any]) -> tuple[str, ...] | None:
    """Phrases for ``expects``: ``yes_no`` (consent, read-back, summary, yes/no fields), ``choice``
    (the payload's ``choices``), ``digits`` (ID, phone and number fields)."""
    expects = payload.get("expects")
    if expects == "yes_no":
        return YES_NO_PHRASES + FORM_YES_NO_PHRASES + COMMAND_PHRASES
    if expects == "digits":
        return DIGIT_WORDS + NUMBER_WORDS + COMMAND_PHRASES
    if expects == "choice":
        choices = payload.get("choices")
        said = [_as_words(c) for c in choices if isinstance(c, str)] if isinstance(choices, list) else []
        labels = tuple(dict.fromkeys(label for label in said if label))
        return labels + CHOICE_PHRASES + COMMAND_PHRASES if labels else None
    return None


def _as_words(label: str) -> str:
    """ "Nhà thuê, mượn hoặc ở nhờ" → "nhà thuê mượn hoặc ở nhờ": recognizers output words only."""
    return " ".join(re.sub(r"[^\w\s]", " ", label.lower()).split())
