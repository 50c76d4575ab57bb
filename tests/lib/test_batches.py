"""Long lists in batches."""

import pytest

from cocreation.lib.batches import chunks


def test_batches_keep_the_order_and_the_last_may_be_shorter():
    assert list(chunks([1, 2, 3, 4, 5], 2)) == [[1, 2], [3, 4], [5]]


def test_no_items_make_no_batches():
    assert list(chunks([], 500)) == []


def test_a_batch_holds_at_least_one_item():
    with pytest.raises(ValueError, match="at least one"):
        list(chunks([1], 0))
