"""The abstract base of form validation: a Rasa form driven by a pure engine whose state is one slot.

Rasa forms want one slot per question, but the questions of a dossier depend on earlier answers
(no father → no father's name) and on the procedure. So the form requests a single free-text slot
again and again; the engine decides what each answer means, and its state (JSON) lives in another
slot. This keeps the draft in the tracker: an action server restart loses nothing, and a form needs
data files, not Python.

A subclass says which slots hold the answer and the state and what one turn does; this base turns
the turn into slot values and ends the form when the engine says it is finished.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.forms import FormValidationAction
from rasa_sdk.types import DomainDict


class EngineFormValidation(FormValidationAction, ABC):  # type: ignore[misc]
    """Validates the one answer slot of an engine-driven form.

    ``answer_slot`` is requested until ``is_finished`` says the state in ``state_slot`` needs no more
    answers; ``turn`` handles one answer (speaking through the dispatcher) and returns the slots to
    set. The answer slot is always emptied again so the next turn asks for it anew.
    """

    answer_slot: str
    state_slot: str

    @abstractmethod
    def turn(self, text: str, dispatcher: CollectingDispatcher, tracker: Tracker) -> dict[str, Any]:
        """Handle one answer: say what to say, return slot values (the new state among them)."""

    @abstractmethod
    def is_finished(self, state: Any) -> bool:
        """True when the state in ``state_slot`` takes no more answers (confirmed, refused, gone)."""

    async def required_slots(
        self,
        domain_slots: list[str],
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> list[str]:
        """The dynamic form: the answer slot while the engine wants answers, nothing after."""
        if self.is_finished(tracker.get_slot(self.state_slot)):
            return []
        return [self.answer_slot]

    def validate_answer(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker
    ) -> dict[str, Any]:
        """What a subclass's ``validate_<answer_slot>`` returns: the turn's slots, the answer emptied.

        An empty value is no answer: it is the slot being cleared (as starting a form does), which
        rasa_sdk also hands to validation; the form then asks its question instead."""
        if value is None or not str(value).strip():
            return {self.answer_slot: None}
        slots = self.turn(str(value), dispatcher, tracker)
        return {self.answer_slot: None, **slots}
