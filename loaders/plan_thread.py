"""A load plan built in a thread of its own while the store writes its first steps.

Building the plan of a national dataset (:func:`loaders.plan.iter_plan`: a property map
per record, rows grouped by start node) takes half a second of Python, and the store
waits for none of it but the first step: nodes come first, and the store takes longer to
write each file's nodes than Python takes to build the next file's rows. So a large load
(:func:`loaders.writer.write_dataset`, staged in batches) starts writing at once and
builds the rest meanwhile; the driver releases Python's lock while it waits for the
store, which is most of the time.

The steps come out in the plan's order. Iterated again (a load that stages its
generation once more, see :mod:`loaders.writer`), the plan gives the same steps from the
start. An error while building is raised where the steps are read.

Examples
--------
>>> from graph.model import Dataset, Party
>>> parties = tuple(Party(id=f"p{i}", name=f"P{i}", kind="gemeente") for i in range(3))
>>> with PlanInBackground(Dataset(parties=parties), batch_size=2) as plan:
...     first = [len(step.values) for step in plan]
...     again = [len(step.values) for step in plan]
>>> first, again, plan.total
([2, 1], [2, 1], 2)
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Iterator
from types import TracebackType
from typing import Self

from graph.model import Dataset
from loaders.plan import Step, iter_plan, plan_length

__all__ = ["PlanInBackground"]


class _End:
    """Put after the last step (with the error, when building failed)."""

    def __init__(self, error: BaseException | None = None) -> None:
        self.error = error


class PlanInBackground:
    """The steps of :func:`loaders.plan.build_plan` for ``dataset``, built in a thread as they are read.

    Use as a context manager: leaving it stops the thread after the step it is building
    (a load that failed half way does not build the rest for nothing).
    """

    def __init__(self, dataset: Dataset, *, batch_size: int) -> None:
        self._estimate = plan_length(dataset, batch_size=batch_size)
        self._steps: list[Step] = []
        self._queue: queue.SimpleQueue[Step | _End] = queue.SimpleQueue()
        self._end: _End | None = None
        self._built = 0
        self._complete = False
        self._stop = threading.Event()
        self._thread = threading.Thread(
            target=self._build, args=(dataset, batch_size), name="dealnet-plan", daemon=True
        )
        self._thread.start()

    def _build(self, dataset: Dataset, batch_size: int) -> None:
        # Each step goes out once the next one is built, so that when the last one is read
        # ``total`` is already exact.
        held: Step | None = None
        try:
            for step in iter_plan(dataset, batch_size=batch_size):
                if self._stop.is_set():
                    return
                if held is not None:
                    self._queue.put(held)
                held = step
                self._built += 1
            self._complete = True
            if held is not None:
                self._queue.put(held)
        except BaseException as error:  # handed to the reader of the steps, which raises it
            self._queue.put(_End(error))
        else:
            self._queue.put(_End())

    @property
    def total(self) -> int:
        """How many steps the plan has: exact once the last one is built, else a close lower bound."""
        return self._built if self._complete else max(self._estimate, self._built + 1)

    def __iter__(self) -> Iterator[Step]:
        index = 0
        while True:
            if index < len(self._steps):
                yield self._steps[index]
                index += 1
                continue
            if self._end is None:
                item = self._queue.get()
                if isinstance(item, _End):
                    self._end = item
                else:
                    self._steps.append(item)
                    continue
            if self._end.error is not None:
                raise self._end.error
            return

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, traceback: TracebackType | None
    ) -> None:
        self._stop.set()
