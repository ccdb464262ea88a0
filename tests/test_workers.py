"""How work is spread over processes: the counts and chunks generate and ingest rely on."""

from __future__ import annotations

from pipeline.workers import MIN_ITEMS, chunks, cpu_count, make_durable, worker_count


def test_worker_count():
    assert worker_count(None, MIN_ITEMS - 1) == 1  # too few to pay for a worker
    assert worker_count(None, 1000) == min(cpu_count(), 1000)
    assert worker_count(1, 1000) == 1
    assert worker_count(3, 2) == 2  # never more workers than items
    assert worker_count(4, 1) == 1
    assert worker_count(2, 5) == 2  # asked for: even for a few items


def test_chunks_keep_every_item_in_order():
    for n in (1, 2, 7, 8, 9, 100, 1001):
        items = list(range(n))
        for workers in (1, 2, 3):
            parts = chunks(items, workers)
            assert [x for part in parts for x in part] == items
            assert len(parts) <= workers * 4
            assert all(parts)


def test_make_durable_keeps_the_files(tmp_path):
    paths = [tmp_path / f"{n}.txt" for n in range(3)]
    for path in paths:
        path.write_text(path.name)
    make_durable(paths)
    assert [p.read_text() for p in paths] == [p.name for p in paths]
