"""`manage.py load_instrument_wording FILE`: every row checked first, all or nothing."""

import pytest
from django.core.management import CommandError, call_command

from measures.models import InstrumentWording

HEADER = "clinic,instrument,language,item,text\n"


def srs_rows(clinic="Clinic A", language="es", prefix="Texto"):
    return "".join(f'{clinic},srs,{language},{n},"{prefix} {n}, con coma"\n' for n in range(1, 5))


def write(tmp_path, text, encoding="utf-8"):
    path = tmp_path / "wording.csv"
    path.write_text(text, encoding=encoding)
    return str(path)


def load(path):
    call_command("load_instrument_wording", path, stdout=None)


def test_it_loads_a_complete_set_of_wording(world, tmp_path):
    load(write(tmp_path, HEADER + srs_rows() + srs_rows(clinic="Clinic Z", language="en", prefix="Text")))
    texts = list(InstrumentWording.objects.filter(clinic=world.clinic).values_list("text", flat=True))
    assert texts == ["Texto 1, con coma", "Texto 2, con coma", "Texto 3, con coma", "Texto 4, con coma"]
    assert InstrumentWording.objects.filter(clinic=world.other_clinic, language="en").count() == 4


def test_it_reads_a_file_saved_with_a_byte_order_mark(world, tmp_path):
    load(write(tmp_path, HEADER + srs_rows(), encoding="utf-8-sig"))
    assert InstrumentWording.objects.count() == 4


def test_loading_again_replaces_the_earlier_wording(world, tmp_path):
    load(write(tmp_path, HEADER + srs_rows()))
    load(write(tmp_path, HEADER + srs_rows(prefix="Nuevo")))
    assert sorted(InstrumentWording.objects.values_list("text", flat=True))[0] == "Nuevo 1, con coma"
    assert InstrumentWording.objects.count() == 4


@pytest.mark.parametrize(
    "bad_row, reason",
    [
        ("Clinic Q,srs,es,1,x", "there is no clinic named 'Clinic Q'"),
        ("Clinic A,ors,es,1,x", "instrument must be one of srs, wai-sr, wai-sr-therapist, not 'ors'"),
        ("Clinic A,srs,fr,1,x", "language must be es or en, not 'fr'"),
        ("Clinic A,srs,en,5,x", "item must be a whole number from 1 to 4, not '5'"),
        ("Clinic A,srs,en,one,x", "item must be a whole number from 1 to 4, not 'one'"),
        ("Clinic A,srs,en,1,", "the text is empty"),
    ],
)
def test_a_file_with_one_bad_row_loads_nothing_and_names_the_line(world, tmp_path, bad_row, reason):
    text = HEADER + srs_rows() + bad_row + "\n" + srs_rows(language="en")
    with pytest.raises(CommandError) as error:
        load(write(tmp_path, text))
    assert f"Line 6: {reason}" in str(error.value)
    assert not InstrumentWording.objects.exists()


def test_an_incomplete_set_loads_nothing_and_names_the_missing_items(world, tmp_path):
    text = HEADER + srs_rows() + "Clinic A,wai-sr,es,1,uno\nClinic A,wai-sr,es,2,dos\n"
    with pytest.raises(CommandError, match=r"Clinic A, wai-sr, es: items 3, 4, 5, .*12 are missing"):
        load(write(tmp_path, text))
    assert not InstrumentWording.objects.exists()


def test_an_item_given_twice_loads_nothing(world, tmp_path):
    text = HEADER + srs_rows() + "Clinic A,srs,es,2,otra vez\n"
    with pytest.raises(CommandError, match="Line 6: item 2 is already given on line 3"):
        load(write(tmp_path, text))
    assert not InstrumentWording.objects.exists()


def test_a_file_without_the_header_is_refused(world, tmp_path):
    with pytest.raises(CommandError, match="Line 1: the header must be clinic,instrument,language,item,text"):
        load(write(tmp_path, srs_rows()))


def test_a_missing_file_is_a_clear_error(world, tmp_path):
    with pytest.raises(CommandError, match="Cannot read"):
        load(str(tmp_path / "nope.csv"))


def test_a_file_that_is_not_utf8_is_a_clear_error(world, tmp_path):
    with pytest.raises(CommandError, match="not UTF-8"):
        load(write(tmp_path, HEADER + srs_rows(prefix="Relación"), encoding="latin-1"))
