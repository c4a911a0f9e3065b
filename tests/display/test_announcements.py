"""What the board says for a call, in both languages, and the order it says several in."""

from __future__ import annotations

import threading
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from kiosk.display.announcements import (
    EN,
    ZH,
    AnnouncementQueue,
    Call,
    announce,
    call_line,
    counter_words,
    in_announcing_order,
    spell,
)

AT = datetime(2026, 11, 30, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


def call(label: str = "A023", counter: str = "3", ticket_id: int = 1, recalls: int = 0, seconds: int = 0) -> Call:
    return Call(ticket_id, label, "consultation", counter, AT + timedelta(seconds=seconds), recalls)


def test_the_chinese_line_shows_the_number_and_spells_it_for_the_voice():
    line = call_line(call(), ZH)
    assert line.text == "请 A023 号到 3 号窗口办理"
    assert line.spoken == "请 A 0 2 3 号到 3 号窗口办理"


def test_the_english_line():
    line = call_line(call(), EN)
    assert line.text == "Number A023, please go to counter 3."
    assert line.spoken == "Number A-0 2 3, please go to counter 3."


def test_a_recall_says_so_first_in_both_languages():
    again = announce(call(recalls=1), (ZH, EN))
    assert again.is_recall
    assert again.lines[0].text == "再次呼叫，请 A023 号到 3 号窗口办理"
    assert again.lines[1].text == "Calling again: number A023, please go to counter 3."
    assert again.text == "再次呼叫，请 A023 号到 3 号窗口办理 Calling again: number A023, please go to counter 3."


def test_languages_are_said_in_the_order_given():
    assert [line.language for line in announce(call(), (ZH, EN)).lines] == [ZH, EN]
    assert [line.language for line in announce(call()).lines] == [ZH]
    with pytest.raises(ValueError, match="unknown language"):
        call_line(call(), "fr")


@pytest.mark.parametrize(("counter", "words"), [("3", "3"), ("12", "12"), ("03", "3"), ("B2", "B 2"),
                                                ("综合1", "综合1")])
def test_a_counter_number_is_read_as_a_number_anything_else_spelled(counter, words):
    assert counter_words(counter) == words


def test_spelling_keeps_every_character_once():
    assert spell("B107") == "B 1 0 7"
    assert spell("A 001") == "A 0 0 1"


def test_in_english_a_letter_is_set_apart_by_a_hyphen():
    assert spell("A023", EN) == "A-0 2 3"
    assert spell("AB12", EN) == "A-B-1 2"
    assert counter_words("B2", EN) == "B-2"
    assert counter_words("12", EN) == "12"


def test_calls_noticed_together_are_said_oldest_first_then_by_counter():
    calls = [call("A003", "2", 3, seconds=5), call("B001", "5", 2, seconds=1), call("A002", "1", 4, seconds=5)]
    assert [c.label for c in in_announcing_order(calls)] == ["B001", "A002", "A003"]


def test_the_queue_keeps_order_and_drops_nothing():
    queue = AnnouncementQueue()
    for number in range(1, 6):
        assert queue.put(announce(call(f"A{number:03d}", ticket_id=number)))
    assert [queue.take(0).label for _ in range(5)] == ["A001", "A002", "A003", "A004", "A005"]
    assert queue.take(0) is None


def test_a_recall_of_a_ticket_still_waiting_to_be_said_is_not_queued_twice():
    queue = AnnouncementQueue()
    queue.put(announce(call("A001", ticket_id=1)))
    queue.put(announce(call("A002", ticket_id=2)))
    assert not queue.put(announce(call("A001", ticket_id=1, recalls=1)))
    waiting = queue.waiting()
    assert [(a.label, a.is_recall) for a in waiting] == [("A001", True), ("A002", False)]


def test_a_recall_after_the_call_was_said_is_said_again():
    queue = AnnouncementQueue()
    queue.put(announce(call("A001", ticket_id=1)))
    assert queue.take(0).label == "A001"
    assert queue.put(announce(call("A001", ticket_id=1, recalls=1)))
    assert queue.take(0).is_recall


def test_many_callers_at_once_one_voice_never_two_at_a_time():
    """Four counters put calls from their own threads; one speaker thread takes them, never overlapping."""
    queue = AnnouncementQueue()
    speaking = threading.Semaphore(1)
    heard: list[str] = []

    def speaker():
        while (announcement := queue.take(2)) is not None:
            assert speaking.acquire(blocking=False), "two announcements at once"
            heard.append(announcement.label)
            speaking.release()

    def counter(index: int):
        for number in range(25):
            queue.put(announce(call(f"{'ABCD'[index]}{number:03d}", str(index), ticket_id=index * 100 + number)))

    listener = threading.Thread(target=speaker)
    listener.start()
    callers = [threading.Thread(target=counter, args=(index,)) for index in range(4)]
    for thread in callers:
        thread.start()
    for thread in callers:
        thread.join()
    listener.join(10)
    assert sorted(heard) == sorted(f"{letter}{n:03d}" for letter in "ABCD" for n in range(25))
    for letter in "ABCD":  # each counter's calls in its own order
        mine = [label for label in heard if label.startswith(letter)]
        assert mine == sorted(mine)


def test_closing_the_queue_wakes_the_speaker():
    queue = AnnouncementQueue()
    taken: list[object] = []
    thread = threading.Thread(target=lambda: taken.append(queue.take()))
    thread.start()
    queue.close()
    thread.join(2)
    assert taken == [None]
