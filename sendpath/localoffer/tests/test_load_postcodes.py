"""Loading postcode centroids (``manage.py load_postcodes``)."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from sendpath.localoffer import postcodes
from sendpath.localoffer.models import Postcode


def write(tmp_path: Path, text: str, name: str = "postcodes.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.django_db
def test_load_postcodes_with_no_file_loads_the_bundled_demoshire_file() -> None:
    out = StringIO()
    call_command("load_postcodes", stdout=out)
    assert Postcode.objects.count() == 90
    assert Postcode.objects.filter(kind="district").count() == 9
    assert Postcode.objects.filter(kind="sector").count() == 81
    assert "Loaded 90 postcodes" in out.getvalue()
    assert postcodes.postcode_point("DM1 4AB") == (53.602, -2.296)  # falls back to the sector
    call_command("load_postcodes", stdout=StringIO())  # again: replaces, no duplicates
    assert Postcode.objects.count() == 90


@pytest.mark.django_db
def test_load_postcodes_reads_an_ons_extract_skipping_rows_with_no_grid_reference(tmp_path):
    path = write(
        tmp_path,
        "pcd,pcd2,pcds,doterm,oseast1m,osnrth1m,lat,long\n"
        "DM1 4AB,DM1  4AB,DM1 4AB,,,,53.6021,-2.2955\n"
        "DM1 4AD,DM1  4AD,DM1 4AD,,,,53.6029,-2.2961\n"
        "DM9 2ZZ,DM9  2ZZ,DM9 2ZZ,200101,,,99.999999,0.000000\n"
        "DM9 2ZY,DM9  2ZY,DM9 2ZY,,,,,\n"
        "nonsense,x,not a postcode,,,,53.6,-2.3\n"
        "DM9 2AA,x,DM9 2AA,,,,north,west\n"
        "DM9 2AB,x,DM9 2AB,,,,400000,500000\n",
    )
    out = StringIO()
    call_command("load_postcodes", str(path), stdout=out)
    text = out.getvalue()
    assert Postcode.objects.filter(kind="unit").count() == 2
    assert "Loaded 2 postcodes" in text
    assert "Skipped 5 of 7 rows: 2 with no grid reference, 3 not understood" in text
    assert "line 6: 'not a postcode' is not a postcode" in text
    assert "line 7: 'north', 'west' are not coordinates" in text
    assert "line 8: 400000.0, 500000.0 is not in the United Kingdom" in text
    # The sector and district centroids are worked out from the units.
    sector = Postcode.objects.get(key="DM1 4")
    assert sector.kind == "sector"
    assert sector.latitude == pytest.approx((53.6021 + 53.6029) / 2)
    assert Postcode.objects.get(key="DM1").kind == "district"


@pytest.mark.django_db
def test_load_postcodes_keeps_centroids_a_file_gives_and_streams_in_batches(tmp_path) -> None:
    rows = "".join(f"DM2 1{a}{b},53.61,-2.29\n" for a in "ABDEFGHJ" for b in "ABDEFGHJ")
    path = write(tmp_path, "Postcode,Latitude,Longitude\nDM2 1,53.5,-2.5\n" + rows)
    call_command("load_postcodes", str(path), "--batch-size", "7", stdout=StringIO())
    assert Postcode.objects.filter(kind="unit").count() == 64
    assert Postcode.objects.get(key="DM2 1").latitude == 53.5  # given, not worked out
    assert Postcode.objects.get(key="DM2").latitude == pytest.approx(53.61)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("postcode,latitude\nDM1,53.6\n", "has no longitude column"),
        ("pcds,lat\nDM1 4AB,53.6\n", "has no long column"),
        ("name,town\nA,B\n", "has no postcode column"),
        ("", "is empty"),
    ],
    ids=["no longitude", "ons without long", "no postcode", "empty"],
)
def test_load_postcodes_refuses_a_file_without_the_columns(tmp_path, content, message) -> None:
    path = write(tmp_path, content)
    with pytest.raises(CommandError, match=message):
        call_command("load_postcodes", str(path), stdout=StringIO())
    assert not Postcode.objects.exists()


@pytest.mark.django_db
def test_load_postcodes_refuses_a_file_that_is_not_csv_and_writes_nothing(tmp_path) -> None:
    path = tmp_path / "onspd.zip"
    path.write_bytes(b"PK\x03\x04\x14\x00\x00\x00\x08\x00\xff\xfe\x00\x00" * 20)
    with pytest.raises(CommandError, match="is not a CSV file"):
        call_command("load_postcodes", str(path), stdout=StringIO())
    # Good rows, written in batches of 10, then bytes that are not text: nothing is kept.
    broken = tmp_path / "broken.csv"
    good = "".join(f"DM1 4{a}{b},53.6,-2.3\n" for a in "ABDEFGHJLN" for b in "ABDEFGHJLN")
    broken.write_bytes(b"pcds,lat,long\n" + good.encode() * 100 + b"DM1 4ZZ,\xff\xfe,-2.3\n")
    with pytest.raises(CommandError, match="could not be read after line"):
        call_command("load_postcodes", str(broken), "--batch-size", "10", stdout=StringIO())
    assert not Postcode.objects.exists()
    with pytest.raises(CommandError, match="does not exist"):
        call_command("load_postcodes", str(tmp_path / "missing.csv"), stdout=StringIO())
