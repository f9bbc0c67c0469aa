"""Routing classifier: training (cold and from history), calibration, threshold,
explanations, model directories and the versioned store — on the routing-dev org."""

from __future__ import annotations

import json
import shutil
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
import scipy.sparse as sp
from sklearn.preprocessing import normalize

from dispatch.requests.files import read_history, read_requests
from dispatch.requests.model_store import (
    ModelDirError,
    ModelStore,
    load_model,
    read_meta,
    save_model,
)
from models.org import load_org
from models.routing import LabelledExample
from nlp.routing import MAX_TEXT_CHARS, RoutingInputError, RoutingModel, train
from nlp.routing.classifier import (
    FORMAT_VERSION,
    NEVER,
    choose_threshold,
    classification_metrics,
    fit_temperature,
    most_similar,
    stratified_sample,
    validate_examples,
)
from nlp.routing.coldstart import OrgMatcher, description_items, mention_role, org_examples
from nlp.routing.evaluate import score
from nlp.routing.history import HistoryError, parse_history
from nlp.routing.text import normalise


@pytest.fixture(scope="session")
def dev_dir(shared_dir: Path) -> Path:
    return shared_dir / "data" / "routing-dev"


@pytest.fixture(scope="session")
def org(dev_dir: Path):
    return load_org(dev_dir / "org.yaml")


@pytest.fixture(scope="session")
def history(dev_dir: Path, org) -> list[LabelledExample]:
    return read_history(dev_dir / "history.csv", org)


@pytest.fixture(scope="session")
def trained(routing_dev_trained: RoutingModel) -> RoutingModel:
    return routing_dev_trained


@pytest.fixture(scope="session")
def cold(org) -> RoutingModel:
    return train(org, [])


# Requests written for these tests (not taken from the dev set's test file).
PLAIN = [
    ("门诊三楼的打印机打不出东西，一直显示脱机", "it"),
    ("上个月去成都开会的差旅费怎么报销，要哪些票据", "finance"),
    ("下个月想请婚假，需要提前几天申请", "hr"),
    ("病房卫生间的水龙头一直在漏水，麻烦派人来修", "logistics"),
]


def test_history_is_read_with_ids(history) -> None:
    assert len(history) == 250
    assert {e.department for e in history} >= {"it", "finance", "security"}


def test_trained_model_routes_plain_requests(trained: RoutingModel) -> None:
    preds = trained.predict([t for t, _ in PLAIN])
    assert [p.department for p in preds] == [d for _, d in PLAIN]
    for p in preds:
        scores = [d.score for d in p.departments]
        assert scores == sorted(scores, reverse=True)
        assert 0 < scores[0] <= 1 and sum(scores) <= 1.0001
        assert p.decision in ("auto", "triage")


def test_other_departments_words_keep_the_right_one_in_the_top_two(trained: RoutingModel) -> None:
    # 「系统」 is mostly IT's word in the history; the request is still about leave (HR).
    # The model may put IT first, but HR must stay on the short list a person sees.
    p = trained.predict(["下个月想请婚假，需要提前几天在系统里申请"])[0]
    assert "hr" in [d.id for d in p.departments[:2]]


def test_cold_start_routes_from_org_words(cold: RoutingModel) -> None:
    texts = ["申请下周二派车去温江院区送材料", "这个病人的医保结算被拒付扣款了，怎么申诉",
             "我们科室想招聘两名医生，走什么流程"]
    preds = cold.predict(texts)
    assert [p.department for p in preds] == ["logistics", "medins", "hr"]
    # Without labelled history nothing is routed automatically.
    assert all(p.decision == "triage" for p in preds)
    assert cold.info["mode"] == "cold" and cold.threshold == NEVER


def test_model_info_reports_cv_threshold_and_coverage(trained: RoutingModel, org) -> None:
    info = trained.info
    assert info["format_version"] == FORMAT_VERSION and info["mode"] == "trained"
    assert info["n_examples"] == 250 and len(info["data_fingerprint"]) == 16
    assert info["departments"] == [d.id for d in org.departments]
    cv = info["cv"]
    assert 0.5 < cv["accuracy"] <= 1 and 0.5 < cv["macro_f1"] <= 1
    assert 0 < info["threshold"] <= 1
    # The out-of-fold share the auto rule leaves, and how often it was right. This model is
    # cross-validated on 3 folds (each fold's model knows two thirds of the 250 rows): since
    # margin 0.5 with the lexicon's agreement (issue #18, eleventh round) that share is 58
    # rows with 3 wrong (0.948); the CLI's 5 folds report 18.8 % at 0.979.
    routed = round(cv["auto_coverage"] * cv["n"])
    assert routed > 0 and 0 < cv["auto_coverage"] <= 1
    assert cv["auto_accuracy"] * routed >= info["target_precision"] * routed - 1
    assert set(cv["per_department"]) == {d.id for d in org.departments}
    assert cv["on"] == "labelled examples" and cv["n"] == 250


def test_decision_follows_threshold_margin_and_nearest_past_request(
        trained: RoutingModel) -> None:
    texts = [t for t, _ in PLAIN] + ["帮忙看一下", "有个事情想问问"]
    known = trained.known_share(texts)
    nearest = trained.nearest_departments(texts)
    assert trained.auto_margin > 0 and trained.auto_min_known > 0 and trained.auto_neighbour
    preds = trained.predict(texts, explain=False)
    for p, k, near in zip(preds, known, nearest, strict=True):
        first, second = p.departments[0].score, p.departments[1].score
        if abs(first - second - trained.auto_margin) < 1e-3:
            continue  # scores are rounded to 4 places
        assert (p.decision == "auto") == (first >= trained.threshold
                                          and first - second >= trained.auto_margin
                                          and k >= trained.auto_min_known
                                          and near == p.department
                                          and p.evidence.lexicon)
    assert any(p.decision == "auto" for p in preds)


def test_most_similar_is_the_dense_cosine_argmax_in_any_chunking(trained: RoutingModel) -> None:
    # One function serves routing (one request) and training (the auto rule's neighbour
    # checked out of fold, thousands of rows): both must pick the same past request.
    texts = [t for t, _ in PLAIN] + ["叉车"]
    x, _ = trained._matrix(texts)
    q = normalize(x)
    dense = (q @ trained.history_matrix.T).toarray()
    ht = trained.history_matrix.T.tocsr()
    for chunk in (1, 3, 512):
        idx, sim = most_similar(q, ht, chunk=chunk)
        assert np.allclose(sim, dense.max(1))
        assert list(idx) == list(dense.argmax(1))
    assert trained.nearest_departments(texts[:1]) == [trained.history_labels[idx[0]]]
    # a row sharing no feature with any past request has no neighbour (cosine 0)
    empty = sp.csr_matrix((1, q.shape[1]))
    assert most_similar(empty, ht)[1][0] == 0


def test_a_request_in_words_the_model_never_met_is_not_routed_alone(
        trained: RoutingModel) -> None:
    known, unknown = trained.known_share(["打印机卡纸了", "氩弧焊的保护气流量怎么定"])
    assert known > unknown


def test_a_wider_margin_routes_fewer_requests_without_a_person(trained: RoutingModel) -> None:
    texts = [t for t, _ in PLAIN]
    loose = replace(trained, auto_margin=0.0, auto_min_known=0.0).predict(texts, explain=False)
    strict = replace(trained, auto_margin=0.999).predict(texts, explain=False)
    n_loose = sum(p.decision == "auto" for p in loose)
    n_strict = sum(p.decision == "auto" for p in strict)
    assert n_loose > 0 and n_strict < n_loose
    assert all(p.decision == "triage" for p in strict if p.departments[0].score < 0.999)


def test_vague_request_goes_to_triage(trained: RoutingModel) -> None:
    (p,) = trained.predict(["你好，有个事情想咨询一下"])
    assert p.decision == "triage"


def test_explanation_has_terms_and_similar_requests_of_that_department(
        trained: RoutingModel) -> None:
    (p,) = trained.predict(["打印机卡纸了，打出来的单子是空白的"])
    assert p.department == "it"
    assert p.explanation is not None
    assert any("打印" in t for t in p.explanation.terms)
    assert p.explanation.similar
    assert all(s.department == "it" and s.similarity > 0 for s in p.explanation.similar)


@pytest.fixture(scope="module")
def demo_trained() -> RoutingModel:
    from dispatch.demo import DEMO_DIR, DEMO_ORG

    demo = load_org(DEMO_ORG)
    return train(demo, read_history(DEMO_DIR / "requests_history.csv", demo), folds=3)


@pytest.mark.parametrize("text", ["双十二的供应商发票还没收到，付款要延后吗",
                                  "仓库的货还没到，客户一直在催"])
def test_explanation_terms_are_whole_words_not_fragments(
        text: str, demo_trained: RoutingModel) -> None:
    """Issue #18 item 5: on the demo org 「的供应」 and 「还没」 explained a request."""
    model = demo_trained
    (p,) = model.predict([text])
    terms = p.explanation.terms
    assert terms
    words = set(model.features.word.analyzer.words(normalise(text)))
    assert all(t in words for t in terms), terms
    assert not {"的供应", "还没", "的货"} & set(terms)


def test_secondary_departments_are_plausible_others(trained: RoutingModel) -> None:
    preds = trained.predict(["院区要办一场义诊活动，需要派车拉设备，还要保安维持现场秩序",
                             "护士被针扎了，需要报职业暴露，还要走工伤认定"], explain=False)
    for p in preds:
        assert p.department not in p.secondary
        scores = {d.id: d.score for d in p.departments}
        for s in p.secondary:
            assert s in scores and scores[s] >= 0.2


def test_english_request(trained: RoutingModel) -> None:
    (p,) = trained.predict(["My computer cannot connect to the hospital Wi-Fi network"])
    assert p.department == "it"


@pytest.mark.parametrize("bad", ["", "   \n\t "])
def test_empty_text_is_refused(trained: RoutingModel, bad: str) -> None:
    with pytest.raises(RoutingInputError, match="request 2: empty text"):
        trained.predict(["打印机坏了", bad])


def test_megabyte_text_is_refused(trained: RoutingModel) -> None:
    with pytest.raises(RoutingInputError, match="limit"):
        trained.predict(["报销" * 500_000])
    assert MAX_TEXT_CHARS < 1_000_000


def test_examples_accept_names_and_aliases_and_weights(org) -> None:
    ex = validate_examples(org, [("电脑坏了", "信息中心"), ("发票", "Finance", 3.0),
                                 LabelledExample(text="招聘", department="hr")])
    assert [e.department for e in ex] == ["it", "finance", "hr"]
    assert ex[1].weight == 3.0


def test_unknown_department_in_examples_is_named(org) -> None:
    with pytest.raises(RoutingInputError, match=r"example 2: department '宣传部'"):
        train(org, [("电脑坏了", "it"), ("拍宣传片", "宣传部")])


def test_history_missing_column_is_refused(org) -> None:
    with pytest.raises(HistoryError, match="missing column.*department"):
        parse_history("id,text,dept\nh1,电脑坏了,it\n", org, "h.csv")


def test_history_unknown_department_names_the_row(org) -> None:
    csv_text = 'id,text,department\nh1,电脑坏了,it\nh2,"多行\n文本",finance\nh3,拍宣传片,宣传部\n'
    with pytest.raises(HistoryError) as e:
        parse_history(csv_text, org, "h.csv")
    assert "line 5 (id h3)" in str(e.value) and "宣传部" in str(e.value)


def test_history_accepts_department_names_bom_and_extra_columns(org) -> None:
    ex = parse_history("\ufeffText,Department,date,weight\n电脑坏了,信息中心,2026-01-01,2\n",
                       org)
    assert ex == [LabelledExample(text="电脑坏了", department="it", weight=2.0)]


def test_history_empty_text_and_file(org, tmp_path: Path) -> None:
    with pytest.raises(HistoryError, match="line 2: empty text"):
        parse_history("text,department\n ,it\n", org)
    p = tmp_path / "empty.csv"
    p.write_text("", encoding="utf-8")
    with pytest.raises(HistoryError, match="empty"):
        read_history(p, org)


def test_requests_jsonl_bad_lines_are_named(tmp_path: Path) -> None:
    p = tmp_path / "r.jsonl"
    p.write_text('{"id": "r1", "text": "电脑坏了"}\n{"id": "r2", "text": \n', encoding="utf-8")
    with pytest.raises(HistoryError, match="line 2: not valid JSON"):
        read_requests(p)
    p.write_text('{"id": "r1", "text": ""}\n', encoding="utf-8")
    with pytest.raises(HistoryError, match=r"line 1 \(id r1\).*empty text"):
        read_requests(p)
    p.write_text('["r1", "x"]\n', encoding="utf-8")
    with pytest.raises(HistoryError, match="expected an object"):
        read_requests(p)
    p.write_text('{"text": "电脑坏了"}\n\n{"id": "b", "text": "发票"}\n', encoding="utf-8")
    assert read_requests(p) == [("1", "电脑坏了"), ("b", "发票")]


def test_save_load_round_trip_and_org_checks(trained: RoutingModel, org, dev_dir: Path,
                                             shared_dir: Path, tmp_path: Path) -> None:
    out = save_model(trained, tmp_path / "m")
    meta = read_meta(out)
    assert meta["data_fingerprint"] == trained.info["data_fingerprint"]
    loaded = load_model(out, org)
    texts = [t for t, _ in PLAIN]
    a, b = trained.probabilities(texts), loaded.probabilities(texts)
    assert np.allclose(a, b, atol=1e-6)
    other = load_org(shared_dir / "data" / "public" / "tipdm2020" / "org.yaml")
    with pytest.raises(ModelDirError, match="trained for org"):
        load_model(out, other)


def test_model_dir_from_another_version_is_refused(trained: RoutingModel, org,
                                                   tmp_path: Path) -> None:
    out = save_model(trained, tmp_path / "m")
    meta = json.loads((out / "meta.json").read_text(encoding="utf-8"))
    meta["format_version"] = 99
    (out / "meta.json").write_text(json.dumps(meta), encoding="utf-8")
    with pytest.raises(ModelDirError, match="format version 99"):
        load_model(out, org)


def test_model_dir_when_departments_changed_is_refused(trained: RoutingModel, org,
                                                       tmp_path: Path) -> None:
    out = save_model(trained, tmp_path / "m")
    smaller = org.model_copy(update={"departments": org.departments[:-1]})
    with pytest.raises(ModelDirError, match="missing now: security"):
        load_model(out, smaller)


def test_not_a_model_dir(trained: RoutingModel, tmp_path: Path, org) -> None:
    with pytest.raises(ModelDirError, match="no such model directory"):
        load_model(tmp_path / "nope", org)
    (tmp_path / "x").mkdir()
    with pytest.raises(ModelDirError, match="not a routing model directory"):
        load_model(tmp_path / "x", org)
    (tmp_path / "y").mkdir()
    (tmp_path / "y" / "keep.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(ModelDirError, match="refusing to overwrite"):
        save_model(trained, tmp_path / "y")
    assert (tmp_path / "y" / "keep.txt").exists()


def test_store_publish_rollback_load_current(trained: RoutingModel, cold: RoutingModel, org,
                                             tmp_path: Path) -> None:
    store = ModelStore(tmp_path / "store")
    assert store.current_version() is None
    with pytest.raises(ModelDirError, match="no model published"):
        store.load_current(org)
    v1 = store.publish(cold)
    v2 = store.publish(trained)
    assert v1 != v2 and store.list_versions() == sorted([v1, v2])
    version, model = store.load_current(org)
    assert version == v2 and model.info["mode"] == "trained"
    assert store.rollback() == v1
    assert store.load_current(org)[1].info["mode"] == "cold"
    with pytest.raises(ModelDirError, match="no earlier published version"):
        store.rollback()
    assert store.publish(v2) == v2 and store.current_version() == v2
    shutil.rmtree(store.versions / v1)
    with pytest.raises(ModelDirError):
        store.publish(v1)


def test_choose_threshold_reaches_target_precision() -> None:
    conf = np.array([0.99, 0.98, 0.97, 0.9, 0.8, 0.7, 0.6, 0.5])
    ok = np.array([1, 1, 1, 1, 0, 1, 0, 0], dtype=bool)
    t, cov, prec = choose_threshold(conf, ok, 0.95)
    assert (t, cov, prec) == (0.9, 0.5, 1.0)
    t, cov, prec = choose_threshold(conf, ok, 0.8)
    assert t == 0.7 and cov == 0.75 and prec >= 0.8
    assert choose_threshold(conf, np.zeros(8, dtype=bool), 0.95)[0] == NEVER


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_features_fit_transform_equals_transform_after_fitting(history, org, lang) -> None:
    from nlp.routing.classifier import _Features
    from nlp.routing.coldstart import org_vocabulary

    texts = [e.text for e in history[:80]] if lang == "zh" else [
        "printer on floor 3 is offline", "reimburse my taxi fare please", "vpn keeps dropping",
        "new laptop for the intern", "invoice title is wrong on the receipt"]
    # what training reads for a text is what prediction reads for the same text
    feats = _Features(org_vocabulary(org), len(texts))
    x, s = feats.fit_transform(texts)
    assert (x != feats.transform(texts)).nnz == 0
    if lang == "zh":
        assert s is not None and (s != feats.senses(texts)).nnz == 0
    else:  # no English word is in the thesaurus: no sense block at all
        assert s is None and feats.senses(texts) is None


def test_stratified_sample_keeps_small_classes_and_all_rows_under_the_limit() -> None:
    y = np.array([0] * 900 + [1] * 90 + [2] * 7 + [3] * 3)
    assert np.array_equal(stratified_sample(y, 1000), np.arange(1000))
    rows = stratified_sample(y, 200, seed=1)
    counts = np.bincount(y[rows], minlength=4)
    # in proportion (180, 18), but every class keeps up to 20 rows (all of the tiny ones)
    assert counts.tolist() == [180, 20, 7, 3]
    assert len(set(rows.tolist())) == len(rows) and np.all(np.diff(rows) > 0)
    assert np.array_equal(stratified_sample(y, 200, seed=1), rows)  # same seed, same rows


def test_large_history_cross_validates_on_a_sample_and_fits_on_everything(org, history) -> None:
    # cv_max_examples=120 plays the part of a history too large to cross-validate whole.
    model = train(org, history, folds=3, cv_max_examples=120)
    cv = model.info["cv"]
    assert 120 <= cv["n"] < 250 and cv["on"] == f"a stratified sample of {cv['n']} of 250 " \
        "labelled examples"
    assert set(cv["per_department"]) == {d.id for d in org.departments}
    assert model.info["n_examples"] == 250 and len(model.history_texts) == 250
    assert 0 < model.threshold <= 1
    preds = model.predict([t for t, _ in PLAIN], explain=False)
    assert sum(p.department == d for p, (_, d) in zip(preds, PLAIN, strict=True)) >= 4


def test_fit_temperature_sharpens_confident_correct_scores() -> None:
    rng = np.random.default_rng(0)
    y = rng.integers(0, 3, 300)
    scores = rng.normal(0, 0.1, (300, 3))
    scores[np.arange(300), y] += 1.0
    assert fit_temperature(scores, y) < 0.5  # margins of 1 mean near-certainty here


def test_metrics_and_also_counting() -> None:
    m = classification_metrics(["a", "a", "b", "c"], ["a", "b", "b", "c"], ["a", "b", "c"],
                               auto=[True, True, False, False])
    assert m.accuracy == 0.75 and m.auto_coverage == 0.5 and m.auto_accuracy == 0.5
    assert m.per_department["a"].recall == 0.5 and m.per_department["b"].precision == 0.5
    assert m.confusions == [("a", "b", 1)]


def test_score_counts_also_as_correct(trained: RoutingModel) -> None:
    preds = trained.predict(["打印机卡纸了", "差旅费报销"], explain=False)
    gold = {"r1": ("logistics", "it"), "r2": ("finance", None)}
    m = score(["r1", "r2"], preds, gold)
    # Like the acceptance scorer: a hit on `also` is right, and not a miss for `department`.
    assert m.accuracy == 1.0 and m.per_department["logistics"].support == 0
    assert m.per_department["finance"].f1 == 1.0


def test_org_words_become_examples_and_match_scores(org) -> None:
    assert "医疗设备的采购论证" in description_items(
        "负责医疗设备的采购论证、安装验收、维修保养与计量检定")
    ex = org_examples(org)
    assert ("派车", "logistics") in ex and ("打印机", "it") in ex
    # synonyms of the org's own words widen what a cold start recognises
    cold = org_examples(org, synonyms=True)
    assert ("薪资", "hr") in cold and ("选聘", "hr") in cold and ("薪资", "hr") not in ex
    assert set(ex) <= set(cold)
    m = OrgMatcher(org)
    (row,) = m.transform(["消防栓箱门被挡住了"])
    k = len(org.departments)
    sec = m.departments.index("security")
    assert row[k + sec] == 1.0 and row[k + sec] == row[k:].max()


def test_senses_join_words_that_share_a_meaning() -> None:
    from nlp.routing.senses import codes, sense_tokens

    # Kinds of leave share a word group in Cilin, though they share no word.
    assert set(codes("婚假")) & set(codes("产假"))
    # An unlisted compound gets the senses of its listed parts (报销 in 报销单).
    assert set(codes("报销")) <= set(codes("报销单"))
    assert codes("qwertyuiop") == ()
    from nlp.routing.senses import synonyms

    assert "薪资" in synonyms("工资") and "工资" not in synonyms("工资")
    assert synonyms("打") == []  # dozens of senses: no synonym is safe
    toks = sense_tokens(["盗窃"])
    assert toks and all(len(t) in (5, 7) for t in toks)


def test_subject_line_counts_twice_and_one_liners_are_unchanged() -> None:
    from nlp.routing.classifier import with_title

    assert with_title("电脑很慢") == "电脑很慢"
    assert with_title("宽带报修\n家里的网断了三天") == "宽带报修\n宽带报修\n家里的网断了三天"
    long_head = "很" * 200 + "\n正文"
    assert with_title(long_head) == long_head


@pytest.mark.parametrize(
    ("text", "names", "expected"),
    [
        ("财务部让我找你们：报销系统上传发票一直失败", ["财务部", "财务"], (True, False, True)),
        ("蟑螂很多，院感科说让找后勤消杀", ["后勤"], (True, True, False)),
        ("蟑螂很多，院感科说让找后勤消杀", ["院感科"], (True, False, True)),
        ("家属围堵医生办公室，请保卫科马上支援", ["保卫科"], (True, True, False)),
        ("护理部的排班表在哪里看", ["护理部"], (True, False, False)),
        ("电脑蓝屏了", ["护理部"], (False, False, False)),
    ],
)
def test_a_department_named_as_referrer_is_not_the_one_asked(text, names, expected) -> None:
    from nlp.routing.coldstart import name_mentions

    assert name_mentions(text, names) == expected


def test_referred_requests_go_to_the_department_asked(cold: RoutingModel) -> None:
    preds = cold.predict(
        ["院感科说让找后勤，护士站附近蟑螂很多", "医务部打电话过来：请保卫科马上支援急诊"]
    )
    assert [p.department for p in preds] == ["logistics", "security"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("财务部让我找你们：报销系统上传发票一直失败", "让我找你们：报销系统上传发票一直失败"),
        ("护理部转过来的问题：收费标准调了没有", "转过来的问题：收费标准调了没有"),
        ("请保卫科马上支援", "请保卫科马上支援"),  # asked, not a referrer
        ("找财务部报销差旅费", "找财务部报销差旅费"),
        ("I resubmitted it twice, the site said error 500", None),  # 「it」 inside words
    ],
)
def test_referring_department_names_are_removed_before_features(org, text, expected) -> None:
    matcher = OrgMatcher(org)
    assert matcher.without_referrers(text) == (text if expected is None else expected)


def test_trained_model_does_not_follow_the_referrer(trained: RoutingModel) -> None:
    # The referrer's own words (财务部, 护理部) are strong evidence for it in the history;
    # named as the one who sent the requester on, they must not decide the route.
    preds = trained.predict(["财务部让我找你们：医生工作站登录不上，一直提示密码错误",
                             "护理部转过来的：病房空调不制冷，麻烦派人修一下"])
    assert [p.department for p in preds] == ["it", "logistics"]
    assert trained.info["referrers_removed"] is True


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("财务让我找你们：报销系统上传发票一直失败", ["finance"]),  # the sender
        ("我是财务部的，想问一下这个月的工资条什么时候发", ["finance"]),  # the requester's own
        ("I'm from finance, when will my payslip arrive", ["finance"]),  # an English id
        ("院感科说让找后勤消杀", ["infection"]),  # 后勤 is asked
        ("找财务部报销差旅费", []),  # asked
        ("财务部的报销系统打不开", []),  # only possessive: may be the one asked
        ("财务部让我找你们，但我觉得还是找财务部比较好", []),  # once asked, never excluded
        # the sender's news first, the referral to the reader later in the sentence
        ("财务那边账都对完了，说剩下的事让我找你们", ["finance"]),
        ("Finance has checked the numbers and told me to ask you about the rest", ["finance"]),
        ("财务说这个不归他们管，找你们", ["finance"]),
        ("让我找你们财务部，报销单盖章", []),  # named after the referral: the one asked
        ("财务部的报销系统打不开。后来行政让我找你们", []),  # another sentence
    ],
)
def test_departments_named_only_as_sender_or_own_are_not_asked(org, text, expected) -> None:
    matcher = OrgMatcher(org)
    (found,) = matcher.not_asked([text])
    assert [matcher.departments[j] for j in found] == expected


@pytest.mark.parametrize(
    ("text", "name", "role"),
    [
        ("请保卫科马上来一趟", "保卫科", "asked"),
        ("问人事有没有住房补贴", "人事", "asked"),
        ("财务部让我找你们", "财务部", "sender"),
        ("财务部的温丽让我直接找设备部", "财务部", "sender"),
        ("成本部那边都审完了，说钱的事让我找你们", "成本部", "sender"),
        ("成本部那边都审完了。说钱的事让我找你们", "成本部", None),  # another sentence
        ("我是财务部的，工资条什么时候发", "财务部", "own"),
        ("I'm from finance, when will my payslip arrive", "finance", "own"),
        ("财务部的报销系统打不开", "财务部", None),
    ],
)
def test_mention_role_tells_asked_sender_and_own(text: str, name: str, role: str | None) -> None:
    start = text.index(name)
    assert mention_role(text, start, start + len(name)) == role


def test_a_department_named_only_as_sender_or_own_is_not_chosen(
    trained: RoutingModel, cold: RoutingModel
) -> None:
    # The words after the name (发票, 报销) read as the sender's work, strongly enough that
    # removing the name from the features alone left finance on top (0.96 / 0.98).
    texts = ["财务让我找你们：报销系统上传发票一直失败",
             "我是财务部的，想问一下这个月的工资条什么时候发"]
    for model in (trained, cold):
        preds = model.predict(texts, explain=False)
        assert [p.department for p in preds] == ["it", "hr"]
        probs = model.probabilities(texts)
        assert "finance" not in {model.departments[k] for k in probs.argmax(1)}


def test_english_words_are_glossed_into_chinese() -> None:
    from nlp.routing import bilingual

    assert bilingual.available()
    assert "打印机" in bilingual.gloss("The printer is broken")
    assert "报销" in bilingual.gloss("reimbursement")
    assert "自行车" in bilingual.gloss("bicycles")  # plural → stem
    assert bilingual.gloss("电脑开机很慢") == []
    assert bilingual.mostly_chinese(["电脑开机很慢", "VPN 连不上"])
    assert not bilingual.mostly_chinese(["VPN connection drops", "printer jam"])


# English requests in a Chinese-speaking org (its history has one English example per
# department): before glosses, 1 of these went to the right department.
ENGLISH_IN_CHINESE_ORG = [
    ("Please reimburse my taxi fare from the airport", "finance"),
    ("The tap in the ward bathroom is leaking", "logistics"),
    ("I want to apply for annual leave next month", "hr"),
    ("Someone stole my bicycle from the staff parking lot", "security"),
    ("My salary slip is missing the overtime pay", "hr"),
    ("Hand hygiene audit results for ward 7", "infection"),
]


def test_english_requests_reach_a_chinese_orgs_departments(trained: RoutingModel) -> None:
    assert trained.info["english_glossed"] is True
    preds = trained.predict([t for t, _ in ENGLISH_IN_CHINESE_ORG], explain=False)
    right = sum(p.department == d for p, (_, d) in zip(preds, ENGLISH_IN_CHINESE_ORG,
                                                       strict=True))
    assert right >= 5, [p.department for p in preds]


def test_explanations_of_english_requests_show_words_not_letter_pieces(
    trained: RoutingModel,
) -> None:
    (p,) = trained.predict(["There's an unattended bag in the outpatient lobby near the pharmacy"])
    assert p.explanation is not None and p.explanation.terms
    for term in p.explanation.terms:
        assert not term.isascii() or " " in term or len(term) >= 3, p.explanation.terms
