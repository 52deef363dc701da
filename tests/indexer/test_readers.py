"""Reading JSONL and CSV records: every line validated, every reject located precisely."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import creator_record, post, write_jsonl

from indexer.readers import expand_paths, read_records
from scout.errors import InvalidInput

CSV_HEADER = ("id,handle,country,languages,categories,followers,engagement_rate,"
              "audience.countries.DE,audience.countries.AT,audience.age.18-24,"
              "audience.gender.female,brand_safety_flags\n")


def test_jsonl_with_nested_content(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "creators.jsonl", [
        creator_record("a", content=[post("a1", "tofu ramen", hashtags=["vegan"])]),
        creator_record("b"),
    ])
    result = read_records([path])
    assert [c.id for c in result.creators] == ["a", "b"]
    assert result.creators[0].content[0].hashtags == ["vegan"]
    assert result.rejects == [] and result.lines == 2


def test_blank_lines_are_not_records(tmp_path: Path) -> None:
    path = tmp_path / "c.jsonl"
    path.write_text(json.dumps(creator_record("a")) + "\n\n   \n" + json.dumps(creator_record("b")))
    result = read_records([path])
    assert [c.id for c in result.creators] == ["a", "b"] and result.lines == 2


def test_csv_lists_and_dotted_audience_columns(tmp_path: Path) -> None:
    path = tmp_path / "creators.csv"
    path.write_text(CSV_HEADER
                    + "a,@a,de,de|en,food| fitness ,84000,0.061,0.62,0.12,0.41,0.71,\n"
                    + "b,@b,AT,,,1200,,,,,,gambling|profanity\n")
    result = read_records([path])
    assert result.rejects == []
    a, b = result.creators
    assert a.languages == ["de", "en"] and a.categories == ["food", "fitness"]
    assert a.followers == 84_000 and a.engagement_rate == pytest.approx(0.061)
    assert a.audience is not None
    assert a.audience.countries == {"DE": 0.62, "AT": 0.12}
    assert a.audience.age == {"18-24": 0.41} and a.audience.gender == {"female": 0.71}
    # empty cells are missing values, not empty strings or zeros
    assert b.languages == [] and b.engagement_rate is None and b.audience is None
    assert b.brand_safety_flags == ["gambling", "profanity"]


def test_csv_reject_points_at_the_file_line_and_field(tmp_path: Path) -> None:
    path = tmp_path / "creators.csv"
    path.write_text(CSV_HEADER + "a,@a,DE,de,food,100,,,,,,\n" + "b,@b,DE,de,food,many,,,,,,\n")
    result = read_records([path])
    assert [c.id for c in result.creators] == ["a"]
    (reject,) = result.rejects
    assert (reject.source, reject.line, reject.field) == (str(path), 3, "followers")
    assert str(reject).startswith(f"{path}:3 (followers): ")


def test_directory_reads_every_record_file_sorted(tmp_path: Path) -> None:
    write_jsonl(tmp_path / "b.jsonl", [creator_record("b")])
    write_jsonl(tmp_path / "a.jsonl", [creator_record("a")])
    (tmp_path / "c.csv").write_text("id,followers\nc,10\n")
    (tmp_path / "notes.txt").write_text("not records")
    assert [p.name for p in expand_paths([tmp_path])] == ["a.jsonl", "b.jsonl", "c.csv"]
    assert [c.id for c in read_records([tmp_path]).creators] == ["a", "b", "c"]


def test_missing_path_and_empty_directory_are_input_errors(tmp_path: Path) -> None:
    with pytest.raises(InvalidInput) as info:
        expand_paths([tmp_path / "nope.jsonl"])
    assert info.value.field == "paths" and "nope.jsonl" in info.value.message
    (tmp_path / "empty").mkdir()
    with pytest.raises(InvalidInput, match=r"no \.jsonl or \.csv"):
        expand_paths([tmp_path / "empty"])


def test_separate_content_file_is_attached_by_creator_id(tmp_path: Path) -> None:
    write_jsonl(tmp_path / "creators.jsonl", [creator_record("a"), creator_record("b")])
    write_jsonl(tmp_path / "content.jsonl", [
        {"creator_id": "b", **post("b1", "protein bar taste test")},
        {"creator_id": "a", **post("a1", "ramen")},
        {"creator_id": "b", **post("b2", "gym day")},
        {"creator_id": "zz", **post("z1", "orphan")},
    ])
    result = read_records([tmp_path])
    by_id = {c.id: c for c in result.creators}
    assert [c.id for c in by_id["a"].content] == ["a1"]
    assert [c.id for c in by_id["b"].content] == ["b1", "b2"]
    assert [(o, item.id) for o, item, _, _ in result.orphan_content] == [("zz", "z1")]
    assert result.rejects == []


def test_content_file_rejects(tmp_path: Path) -> None:
    write_jsonl(tmp_path / "creators.jsonl",
                [creator_record("a", content=[post("a1", "nested")])])
    content = write_jsonl(tmp_path / "content.jsonl", [
        {"creator_id": "a", **post("a1", "same id as nested")},
        {"creator_id": "", **post("x", "no owner")},
        {"creator_id": "a", **post("a2", "bad"), "views": -3},
    ])
    result = read_records([tmp_path])
    located = {(r.line, r.field) for r in result.rejects}
    assert located == {(1, "id"), (2, "creator_id"), (3, "views")}
    assert all(r.source == str(content) for r in result.rejects)
    assert [c.id for c in result.creators[0].content] == ["a1"]


def test_invalid_json_line_is_rejected_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "c.jsonl"
    path.write_text(json.dumps(creator_record("a")) + "\n{not json\n"
                    + json.dumps(creator_record("b")) + "\n[1, 2]\n")
    result = read_records([path])
    assert [c.id for c in result.creators] == ["a", "b"]
    assert [(r.line, r.field) for r in result.rejects] == [(2, None), (4, None)]
    assert result.rejects[0].message.startswith("invalid JSON")
    assert "object" in result.rejects[1].message


def test_bad_field_reject_names_file_line_and_nested_field(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "c.jsonl", [
        creator_record("a"),
        creator_record("b", audience={"age": {"18-24": 1.7}}),
        creator_record("c", content=[post("c1", "x"), {"id": "c2", "likes": -1}]),
    ])
    result = read_records([path])
    assert [c.id for c in result.creators] == ["a"]
    assert [(r.source, r.line, r.field) for r in result.rejects] == [
        (str(path), 2, "audience.age.18-24"), (str(path), 3, "content[1].likes")]
    assert all(r.message for r in result.rejects)


def test_duplicate_ids_keep_the_first_and_reject_the_rest(tmp_path: Path) -> None:
    first = write_jsonl(tmp_path / "a.jsonl", [creator_record("x", followers=1)])
    second = write_jsonl(tmp_path / "b.jsonl", [creator_record("x", followers=2)])
    result = read_records([first, second])
    assert [(c.id, c.followers) for c in result.creators] == [("x", 1)]
    (reject,) = result.rejects
    assert (reject.source, reject.line, reject.field) == (str(second), 1, "id")
    assert f"{first}:1" in reject.message


def test_csv_content_file_keyed_by_creator_id(tmp_path: Path) -> None:
    (tmp_path / "creators.csv").write_text("id,followers\na,100\n")
    (tmp_path / "content.csv").write_text(
        "creator_id,id,caption,hashtags,views,likes\n"
        "a,a1,Tofu ramen,vegan|ramen,1000,90\n"
        "a,a2,,,oops,\n")
    result = read_records([tmp_path])
    (creator,) = result.creators
    assert [(c.id, c.hashtags, c.views) for c in creator.content] == [
        ("a1", ["vegan", "ramen"], 1000)]
    (reject,) = result.rejects
    assert (Path(reject.source).name, reject.line, reject.field) == ("content.csv", 3, "views")
