# ruff: noqa: E501, RUF001  (the niche tables hold long captions and real dashes/punctuation)
"""Deterministic synthetic creator corpus with its hidden ground truth.

``scout sample-data`` writes it for demos; the evaluation benchmark reads the
:class:`Latent` truth to judge rankings. Everything derives from the seed: each
creator has its own ``random.Random`` seeded from ``(seed, index)``, so the
first ``k`` creators of ``generate(n, seed)`` are the same for every ``n >= k``.
Dates are relative to :data:`REFERENCE_DATE`, never to the wall clock.

The corpus is built to be hard to rank: neighbouring niches share words
(vegan food, home cooking, fitness nutrition), captions use synonyms and ten
languages, some creators bought followers or engagement, some went stale,
some lack audience data, bios or captions, and a few hide brand-safety risks.
"""

from __future__ import annotations

import json
import math
import random
import statistics
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from itertools import accumulate, pairwise
from pathlib import Path
from typing import Any, TypeVar

__all__ = [
    "AGE_PROFILES", "CATEGORIES", "COUNTRIES", "GENERIC_CAPTIONS", "LANGUAGES", "NICHES",
    "REFERENCE_DATE", "RISKY_CAPTIONS", "Country", "Latent", "Niche", "generate", "iter_generate",
    "load_latent", "tier_engagement", "write_sample_data",
]

T = TypeVar("T")

#: "Now" for the generator: every date is computed backwards from here.
REFERENCE_DATE = datetime(2026, 11, 1, tzinfo=UTC)
#: Languages with captions for every niche.
LANGUAGES = ("en", "de", "es", "fr", "pt", "it", "ja", "ko", "pl", "nl")

# --------------------------------------------------------------------------- niches


@dataclass(frozen=True)
class Niche:
    """One topic creators make content about, with its words in every language."""

    key: str
    categories: tuple[str, ...]
    label: str
    female: float
    ages: str
    near: tuple[str, ...]
    handle_words: tuple[str, ...]
    show: tuple[str, ...]
    emoji: tuple[str, ...]
    weight: float
    engagement: float
    share_rate: float
    risk: float
    captions: dict[str, tuple[str, ...]]
    bios: dict[str, tuple[str, ...]]
    tags: dict[str, tuple[str, ...]]
    items: tuple[str, ...]

    @property
    def category(self) -> str:
        return self.categories[0]


#: Age profiles (weights over ``schemas.AGE_BUCKETS``) that niches skew towards.
AGE_PROFILES: dict[str, tuple[float, ...]] = {
    "teen": (0.22, 0.40, 0.22, 0.10, 0.04, 0.015, 0.005),
    "young": (0.08, 0.36, 0.32, 0.14, 0.06, 0.03, 0.01),
    "adult": (0.03, 0.18, 0.34, 0.24, 0.12, 0.06, 0.03),
    "mature": (0.01, 0.08, 0.20, 0.26, 0.22, 0.15, 0.08),
}
_AGE_BUCKETS = ("13-17", "18-24", "25-34", "35-44", "45-54", "55-64", "65+")


def _parse_text(text: str) -> tuple[
    dict[str, tuple[str, ...]], dict[str, tuple[str, ...]], dict[str, tuple[str, ...]],
    tuple[str, ...],
]:
    """Read a niche's text block: ``lang.bio:``, ``lang.tags:``, ``en.items:``, ``lang:`` lines."""
    captions: dict[str, list[str]] = {}
    bios: dict[str, tuple[str, ...]] = {}
    tags: dict[str, tuple[str, ...]] = {}
    items: tuple[str, ...] = ()
    for raw in text.strip().splitlines():
        key, _, value = raw.strip().partition(":")
        value = value.strip()
        lang, _, kind = key.partition(".")
        if kind == "bio":
            bios[lang] = tuple(v.strip() for v in value.split("|"))
        elif kind == "tags":
            tags[lang] = tuple(value.split())
        elif kind == "items":
            items = tuple(v.strip() for v in value.split("|"))
        else:
            captions.setdefault(lang, []).append(value)
    return {k: tuple(v) for k, v in captions.items()}, bios, tags, items


def _niche(
    key: str, categories: tuple[str, ...], label: str, *, female: float, ages: str,
    near: tuple[str, ...], words: tuple[str, ...], show: tuple[str, ...], emoji: str,
    weight: float = 1.0, engagement: float = 1.0, share_rate: float = 1.0, risk: float = 1.0,
    text: str,
) -> Niche:
    captions, bios, tags, items = _parse_text(text)
    return Niche(
        key=key, categories=categories, label=label, female=female, ages=ages, near=near,
        handle_words=words, show=show, emoji=tuple(emoji.split()), weight=weight,
        engagement=engagement, share_rate=share_rate, risk=risk, captions=captions, bios=bios,
        tags=tags, items=items,
    )


_NICHE_LIST: tuple[Niche, ...] = (
    _niche(
        "vegan_food", ("food",), "vegan and plant-based cooking", female=0.70, ages="young",
        near=("home_cooking", "fitness_nutrition", "baking"),
        words=("plants", "vegan", "greenkitchen", "plantbased"),
        show=("Vegan Kitchen", "Plant Plates", "Green Table"), emoji="🌱 🥑 🥦 🌿", weight=1.0,
        text="""
en.bio: Quick vegan dinners | Plant-based recipes for busy weeknights | Dairy-free comfort food, no fuss
en.tags: vegan plantbased veganrecipes dairyfree whatveganseat vegandinner meatless plantbasedrecipes crueltyfree veganfood
en.items: tofu ramen | lentil curry | chickpea tikka masala | black bean tacos | creamy cashew pasta | peanut noodles | jackfruit burgers | mushroom stroganoff
en: Quick vegan dinner in {n} minutes: {item}
en: Plant-based {item} that even my meat-loving dad approved
en: {item}, completely dairy-free and ready in {n} minutes
en: What I eat in a day as a vegan (high protein edition)
en: Meatless Monday: {item} on a budget
en: This {item} is 100% plant-based and so creamy
en: Easy egg-free breakfast ideas for busy mornings
en: Vegan meal prep for the week on a student budget
en: Tofu three ways: crispy, scrambled and baked
de.bio: Schnelle vegane Rezepte für jeden Tag
de.tags: veganerezepte vegankochen pflanzlich veganessen
de: Schnelles veganes Abendessen in 15 Minuten
de: Pflanzliche Bolognese, die wirklich jeder mag
de: Was ich an einem Tag esse – komplett vegan
es.bio: Recetas veganas fáciles y rápidas
es.tags: recetasveganas comidavegana veganoespaña plantbased
es: Cena vegana rápida en 15 minutos
es: Tacos de lentejas 100% vegetales
es: Lo que como en un día siendo vegana
fr.bio: Recettes végétaliennes simples et gourmandes
fr.tags: recettevegan cuisinevegan vegetalien veganfrance
fr: Dîner végétalien prêt en 15 minutes
fr: Curry de pois chiches sans produits laitiers
fr: Ce que je mange en une journée en tant que vegan
pt.bio: Receitas veganas práticas para o dia a dia
pt.tags: receitasveganas comidavegana veganobrasil semcarne
pt: Jantar vegano rápido em 15 minutos
pt: Strogonoff de cogumelos sem carne e sem leite
pt: O que eu como em um dia sendo vegana
it.bio: Ricette vegane veloci e sane
it.tags: ricettevegane cucinavegana vegano vegetale
it: Cena vegana veloce in 15 minuti
it: Pasta cremosa agli anacardi senza latticini
it: Cosa mangio in un giorno da vegana
ja.bio: 簡単ヴィーガンレシピ
ja.tags: ヴィーガン ヴィーガンレシピ プラントベース
ja: 15分でできるヴィーガン晩ご飯
ja: 豆腐で作るお肉なしの唐揚げ
ja: ヴィーガンの一日の食事
ko.bio: 쉽고 빠른 비건 레시피
ko.tags: 비건 비건레시피 채식
ko: 15분 만에 만드는 비건 저녁
ko: 두부로 만든 고기 없는 불고기
ko: 비건의 하루 식단 브이로그
pl.bio: Szybkie wegańskie przepisy na co dzień
pl.tags: weganskieprzepisy wegańskie roślinne
pl: Szybki wegański obiad w 15 minut
pl: Roślinne gołąbki bez mięsa
pl: Co jem w ciągu dnia na diecie wegańskiej
nl.bio: Snelle vegan recepten voor doordeweeks
nl.tags: veganrecepten plantaardig vegankoken
nl: Snel vegan avondeten in 15 minuten
nl: Plantaardige stamppot zonder vlees
nl: Wat ik eet op een dag als veganist
""",
    ),
    _niche(
        "home_cooking", ("food",), "home cooking and family recipes", female=0.60, ages="adult",
        near=("vegan_food", "baking", "fitness_nutrition"),
        words=("cooks", "kitchen", "eats", "homechef"),
        show=("Cooks", "Home Kitchen", "Family Table"), emoji="🍝 🍳 🔥 🥘", weight=1.3,
        text="""
en.bio: Easy family recipes from my tiny kitchen | Home cooking without the fuss | Cheap, cheerful weeknight meals
en.tags: recipe homecooking easyrecipes dinnerideas foodtok cooking comfortfood weeknightdinner onepotmeal familydinner
en.items: chicken alfredo | beef stew | garlic butter salmon | shakshuka | one-pot chili | lasagna | fried rice | smash burgers
en: {item} in {n} minutes, one pan only
en: My grandma's {item} recipe, finally written down
en: Cheap dinner idea: {item} for the whole family
en: The easiest {item} you will ever make
en: Weeknight dinner: {item} with what's in the fridge
en: Cooking {item} from scratch for the first time
en: {n} dinners under 5 dollars each
en: Sunday roast with all the trimmings
en: Chef tip: how to season a cast iron pan
de.bio: Einfache Rezepte für die ganze Familie
de.tags: rezepte kochen abendessen hausmannskost
de: Omas Gulasch Rezept, endlich aufgeschrieben
de: Schnelles Abendessen aus einer Pfanne
de: Käsespätzle wie im Allgäu
es.bio: Cocina casera fácil para toda la familia
es.tags: recetasfaciles cocinacasera comida recetas
es: Tortilla de patatas como la de mi abuela
es: Cena fácil en una sola sartén
es: Paella casera paso a paso
fr.bio: Cuisine maison simple et familiale
fr.tags: recettefacile faitmaison cuisine recette
fr: Le bœuf bourguignon de ma grand-mère
fr: Dîner facile en une seule poêle
fr: Gratin dauphinois crémeux fait maison
pt.bio: Comida caseira fácil e barata
pt.tags: receitasfaceis comidacaseira receitas cozinha
pt: Feijoada caseira passo a passo
pt: Jantar fácil em uma panela só
pt: Receita de frango cremoso da minha avó
it.bio: Cucina di casa semplice e veloce
it.tags: ricettefacili cucinaitaliana cucina fattoincasa
it: La carbonara vera, senza panna
it: Cena veloce in una sola padella
it: Il ragù della nonna, passo dopo passo
ja.bio: 簡単おうちごはん
ja.tags: おうちごはん 簡単レシピ 料理
ja: フライパン一つでできる晩ご飯
ja: おばあちゃんの肉じゃがレシピ
ja: 節約ごはん 一週間の献立
ko.bio: 쉬운 집밥 레시피
ko.tags: 집밥 요리 레시피
ko: 프라이팬 하나로 만드는 저녁
ko: 엄마표 김치찌개 레시피
ko: 자취생 일주일 식단
pl.bio: Domowe gotowanie bez stresu
pl.tags: przepisy gotowanie obiad domowejedzenie
pl: Schabowy jak u babci
pl: Szybki obiad z jednej patelni
pl: Domowe pierogi krok po kroku
nl.bio: Makkelijke recepten voor het hele gezin
nl.tags: recepten koken avondeten makkelijkerecepten
nl: Stamppot zoals oma hem maakte
nl: Snel avondeten uit één pan
nl: Goedkope maaltijden voor de hele week
""",
    ),
    _niche(
        "baking", ("food",), "baking bread, cakes and pastry", female=0.76, ages="adult",
        near=("home_cooking", "vegan_food"), words=("bakes", "bakery", "sweets", "crumbs"),
        show=("Bakes", "Sweet Kitchen", "Crumb Club"), emoji="🍰 🧁 🍪 🥐",
        text="""
en.bio: Baking bread and cakes at home | Sourdough nerd and cookie lover | Easy bakes for beginners
en.tags: baking sourdough cake homebaking cookies bakingtok dessert pastry breadmaking bakingfromscratch
en.items: sourdough loaf | cinnamon rolls | chocolate chip cookies | lemon drizzle cake | banana bread | croissants | brownies | apple pie
en: {item} from scratch, step by step
en: My foolproof {item} recipe
en: Baking {item} without a mixer
en: {item}, still soft after three days
en: Sourdough starter day {n}: it finally bubbles
en: Bakery-style {item} at home
en: Decorating a birthday cake for my sister
en: {n} mistakes everyone makes with bread dough
en: Gluten-free {item} that actually tastes good
de.bio: Backen mit Liebe – Brot, Kuchen und Plätzchen
de.tags: backen sauerteig kuchen backenmitliebe
de: Sauerteigbrot für Anfänger
de: Saftiger Apfelkuchen vom Blech
de: Weihnachtsplätzchen backen mit Oma
es.bio: Repostería casera fácil
es.tags: reposteria pan tarta recetasdulces
es: Pan de masa madre para principiantes
es: Tarta de queso al horno súper cremosa
es: Galletas de chocolate caseras
fr.bio: Pâtisserie maison et pain au levain
fr.tags: patisserie boulangerie gateau faitmaison
fr: Croissants maison étape par étape
fr: Pain au levain pour débutants
fr: Tarte au citron meringuée
pt.bio: Bolos e pães feitos em casa
pt.tags: confeitaria bolo paocaseiro receitadoce
pt: Bolo de cenoura com cobertura de chocolate
pt: Pão caseiro de fermentação natural
pt: Brigadeiro gourmet fácil
it.bio: Dolci e pane fatti in casa
it.tags: dolci lievitomadre torta pasticceria
it: Pane con lievito madre per principianti
it: Tiramisù classico fatto in casa
it: Crostata di marmellata della nonna
ja.bio: おうちパンとお菓子作り
ja.tags: パン作り お菓子作り 手作りスイーツ
ja: 初心者でも簡単なふわふわ食パン
ja: 濃厚チーズケーキの作り方
ja: 手作りクッキー 混ぜて焼くだけ
ko.bio: 홈베이킹 일기
ko.tags: 홈베이킹 베이킹 디저트
ko: 초보도 쉬운 식빵 만들기
ko: 꾸덕한 치즈케이크 레시피
ko: 오븐 없이 만드는 쿠키
pl.bio: Domowe wypieki i chleb na zakwasie
pl.tags: pieczenie ciasto chlebnazakwasie wypieki
pl: Chleb na zakwasie dla początkujących
pl: Puszysty sernik jak z cukierni
pl: Szarlotka babci krok po kroku
nl.bio: Thuis bakken: brood, taart en koekjes
nl.tags: bakken zuurdesem taart thuisbakken
nl: Zuurdesembrood voor beginners
nl: Appeltaart zoals oma hem bakte
nl: Stroopwafels zelf maken
""",
    ),
    _niche(
        "fitness_nutrition", ("fitness", "food"), "high-protein nutrition and meal prep",
        female=0.50, ages="young", near=("strength_training", "vegan_food", "home_cooking", "running"),
        words=("fuel", "macros", "mealprep", "fitfood"),
        show=("Fit Food", "Meal Prep", "Macro Kitchen"), emoji="💪 🥗 🍗 🥚",
        text="""
en.bio: High-protein meal prep for gym-goers | Macro-friendly recipes that taste good | Eat well, train hard
en.tags: mealprep highprotein macros fitfood proteinrecipes healthyeating gymfood nutrition cutting bulking
en.items: protein pancakes | chicken rice bowls | overnight oats | turkey chili | Greek yogurt bowls | tuna wraps | egg white muffins | protein brownies
en: High-protein {item} with {n}g protein per serving
en: Meal prep for the week: {item} in under an hour
en: What I eat in a day to build muscle
en: Macro-friendly {item} for your cut
en: Post-workout meal: {item} in {n} minutes
en: Honest taste test: {n} protein bars ranked
en: How much protein do you really need?
en: Budget bulking grocery haul
en: Low-calorie {item} to keep you full
de.bio: Proteinreiche Rezepte und Meal Prep
de.tags: mealprep proteinreich gesundessen fitnessfood
de: Meal Prep für die ganze Woche mit viel Eiweiß
de: Proteinriegel im Geschmackstest
de: Was ich esse, um Muskeln aufzubauen
es.bio: Comida fit alta en proteína
es.tags: comidasaludable proteina mealprep recetasfit
es: Meal prep para toda la semana alto en proteína
es: Probando barritas de proteína: mi opinión sincera
es: Desayuno fit con 30 gramos de proteína
fr.bio: Recettes protéinées et meal prep
fr.tags: mealprep proteine mangersain nutrition
fr: Meal prep protéiné pour la semaine
fr: Test honnête de barres protéinées
fr: Ce que je mange pour prendre du muscle
pt.bio: Receitas fit ricas em proteína
pt.tags: comidafit marmitafit proteina dieta
pt: Marmitas fit para a semana toda
pt: Panqueca de proteína em 5 minutos
pt: Testei barrinhas de proteína: vale a pena?
it.bio: Ricette proteiche e meal prep
it.tags: mealprep proteine mangiaresano fitfood
it: Meal prep proteico per tutta la settimana
it: Pancake proteici in 5 minuti
it: Cosa mangio per aumentare la massa muscolare
ja.bio: 高タンパク作り置きレシピ
ja.tags: 作り置き 高タンパク 筋トレ飯
ja: 一週間分の高タンパク作り置き
ja: プロテインバー食べ比べ 正直レビュー
ja: 筋トレ民の一日の食事
ko.bio: 고단백 식단 레시피
ko.tags: 식단 고단백 다이어트식단
ko: 일주일 고단백 도시락 만들기
ko: 프로틴바 솔직 비교 리뷰
ko: 근육 키우는 하루 식단
pl.bio: Wysokobiałkowe przepisy i meal prep
pl.tags: mealprep białko zdrowejedzenie dieta
pl: Meal prep na cały tydzień z dużą ilością białka
pl: Test batonów proteinowych
pl: Co jem, żeby budować mięśnie
nl.bio: Eiwitrijke recepten en meal prep
nl.tags: mealprep eiwitrijk gezondeten fitfood
nl: Eiwitrijke meal prep voor de hele week
nl: Eerlijke smaaktest van eiwitrepen
nl: Wat ik eet om spieren op te bouwen
""",
    ),
    _niche(
        "strength_training", ("fitness",), "strength training and gym workouts", female=0.35,
        ages="young", near=("fitness_nutrition", "running", "yoga"),
        words=("lifts", "gains", "strong", "barbell"),
        show=("Lifts", "Strength Club", "Coaching"), emoji="🏋️ 💪 🔥", weight=1.3,
        text="""
en.bio: Lifting, coaching, no shortcuts | Strength coach for busy people | Helping beginners feel confident in the gym
en.tags: gym workout fitness strengthtraining gymtok powerlifting legday weightlifting fitnessmotivation homeworkout
en.items: leg day | push day | full-body workout | deadlift session | upper body training | dumbbell-only workout | glute workout | back and biceps
en: {item} for beginners, {n} exercises
en: My {item} at the gym today
en: Gym session: {item} with only {n} moves
en: Training log week {n}: new deadlift PR
en: {n}-minute home workout, no equipment needed
en: Fix your squat form with this one cue
en: Progressive overload explained simply
en: Hybrid training: lifting and cardio in one week
en: Full-body strength routine for busy people
de.bio: Krafttraining und Coaching
de.tags: krafttraining fitnessstudio training gym
de: Beintraining für Anfänger im Fitnessstudio
de: Ganzkörpertraining ohne Geräte in 20 Minuten
de: Kreuzheben richtig lernen
es.bio: Entrenador de fuerza
es.tags: gimnasio entrenamiento rutina fitness
es: Rutina de pierna para principiantes en el gimnasio
es: Entrenamiento de cuerpo completo sin equipo
es: Cómo mejorar tu sentadilla
fr.bio: Coach musculation
fr.tags: musculation salledesport entrainement fitness
fr: Séance jambes pour débutants à la salle
fr: Entraînement complet sans matériel en 20 minutes
fr: Comment progresser au développé couché
pt.bio: Treino de força sem enrolação
pt.tags: academia treino musculacao fitness
pt: Treino de perna para iniciantes na academia
pt: Treino completo em casa sem equipamento
pt: Como melhorar seu agachamento
it.bio: Allenamento di forza e coaching
it.tags: palestra allenamento fitness pesi
it: Allenamento gambe per principianti in palestra
it: Allenamento total body a corpo libero
it: Come migliorare lo stacco da terra
ja.bio: 筋トレとボディメイク
ja.tags: 筋トレ ジム トレーニング
ja: 初心者向け脚トレメニュー
ja: 器具なし自宅で全身トレーニング
ja: デッドリフトのフォーム解説
ko.bio: 헬스와 근력 운동
ko.tags: 헬스 운동 오운완
ko: 헬스 초보를 위한 하체 운동 루틴
ko: 맨몸 전신 운동 20분
ko: 데드리프트 자세 교정
pl.bio: Trening siłowy i coaching
pl.tags: siłownia trening fitness
pl: Trening nóg dla początkujących na siłowni
pl: Trening całego ciała bez sprzętu
pl: Jak poprawić technikę przysiadu
nl.bio: Krachttraining en coaching
nl.tags: sportschool training krachttraining
nl: Beentraining voor beginners in de sportschool
nl: Full body workout zonder materiaal
nl: Zo verbeter je je squat
""",
    ),
    _niche(
        "running", ("sports", "fitness"), "running and marathon training", female=0.45,
        ages="adult", near=("strength_training", "fitness_nutrition", "hiking_camping"),
        words=("runs", "miles", "runner", "stride"),
        show=("Runs", "Run Club", "Miles"), emoji="🏃 👟 ⏱️",
        text="""
en.bio: Marathon runner sharing training plans | Running from 5k to ultra | Easy miles, honest gear reviews
en.tags: running runner marathon runtok halfmarathon trailrunning runningmotivation 5k runningshoes couchto5k
en.items: long run | tempo run | interval session | half marathon | 10k race | recovery jog | trail run | marathon block
en: Sunday {item}: {n} km at easy pace
en: Marathon training week {n}
en: {item} tips for new runners
en: Couch to 5k: week {n} done
en: Running shoe review after {n} km
en: How I got faster at the {item}
en: Race day vlog: my first {item}
en: Jogging every day for a month, here is what happened
en: Easy cardio vs zone 2 running explained
de.bio: Laufen, Marathon und ehrliche Schuh-Tests
de.tags: laufen marathon joggen laufgruppe
de: Marathontraining Woche 5
de: Laufschuhe im Test nach 300 Kilometern
de: Mein erster Halbmarathon
es.bio: Corredora popular y maratones
es.tags: correr running maraton corredores
es: Entrenamiento para mi primer maratón
es: Zapatillas de running: mi opinión tras 300 km
es: Consejos para empezar a correr
fr.bio: Course à pied et marathon
fr.tags: courseapied marathon running jogging
fr: Préparation marathon semaine 5
fr: Test de chaussures de running après 300 km
fr: Conseils pour commencer à courir
pt.bio: Corrida de rua e maratonas
pt.tags: corrida corredores maratona running
pt: Treino para minha primeira maratona
pt: Tênis de corrida: review depois de 300 km
pt: Dicas para começar a correr
it.bio: Corsa, maratone e allenamenti
it.tags: corsa maratona running podismo
it: Preparazione maratona settimana 5
it: Scarpe da corsa: recensione dopo 300 km
it: Consigli per iniziare a correre
ja.bio: ランニングとマラソン
ja.tags: ランニング マラソン ランナー
ja: フルマラソンに向けた練習 5週目
ja: ランニングシューズ 300km使ったレビュー
ja: 初心者のためのランニングのコツ
ko.bio: 러닝과 마라톤 기록
ko.tags: 러닝 마라톤 러닝크루
ko: 마라톤 훈련 5주차
ko: 러닝화 300km 사용 후기
ko: 러닝 초보를 위한 팁
pl.bio: Bieganie i maratony
pl.tags: bieganie maraton biegacz
pl: Trening do maratonu, tydzień 5
pl: Buty do biegania po 300 km
pl: Jak zacząć biegać
nl.bio: Hardlopen en marathons
nl.tags: hardlopen marathon hardloper
nl: Marathontraining week 5
nl: Hardloopschoenen getest na 300 kilometer
nl: Tips om te beginnen met hardlopen
""",
    ),
    _niche(
        "yoga", ("health-wellness", "fitness"), "yoga, breathwork and mindfulness", female=0.82,
        ages="adult", near=("strength_training", "running"),
        words=("yoga", "flow", "zen", "breathe"),
        show=("Yoga", "Flow", "Slow Living"), emoji="🧘 🌿 ✨ 🕯️",
        text="""
en.bio: Yoga teacher | Gentle flows and breathwork for stress | Mindful movement every morning
en.tags: yoga yogapractice mindfulness meditation breathwork wellness selfcare stretching yogaflow mentalhealth
en.items: morning flow | yin yoga session | hip opener sequence | breathwork routine | bedtime stretch | guided meditation | vinyasa flow | back pain stretch
en: {n}-minute {item} for beginners
en: {item} to calm your nervous system
en: Gentle {item} for stiff hips
en: Mindfulness practice: {n} minutes of breathing
en: Stretching routine for desk workers
en: Yoga for anxiety: a slow {item}
en: Self-care Sunday: {item} and journaling
en: How meditation changed my sleep
en: Mobility vs flexibility: what is the difference?
de.bio: Yoga, Achtsamkeit und Atemübungen
de.tags: yoga achtsamkeit meditation entspannung
de: Yoga am Morgen für Anfänger in 10 Minuten
de: Atemübung gegen Stress
de: Dehnen für alle, die im Büro sitzen
es.bio: Yoga y bienestar
es.tags: yoga meditacion bienestar mindfulness
es: Yoga para principiantes en 10 minutos
es: Respiración para calmar la ansiedad
es: Estiramientos para la espalda
fr.bio: Yoga et bien-être au quotidien
fr.tags: yoga meditation bienetre relaxation
fr: Yoga du matin pour débutants
fr: Exercice de respiration anti-stress
fr: Étirements pour le dos après le travail
pt.bio: Yoga e bem-estar
pt.tags: yoga meditacao bemestar autocuidado
pt: Yoga para iniciantes em 10 minutos
pt: Respiração para aliviar a ansiedade
pt: Alongamento para dor nas costas
it.bio: Yoga e benessere
it.tags: yoga meditazione benessere respirazione
it: Yoga del mattino per principianti
it: Esercizio di respirazione contro lo stress
it: Stretching per la schiena
ja.bio: ヨガと瞑想で心と体を整える
ja.tags: ヨガ 瞑想 ストレッチ
ja: 朝10分の初心者ヨガ
ja: ストレスを和らげる呼吸法
ja: 腰痛に効くストレッチ
ko.bio: 요가와 명상
ko.tags: 요가 명상 스트레칭
ko: 초보자를 위한 아침 요가 10분
ko: 불안을 줄이는 호흡법
ko: 허리 통증 스트레칭
pl.bio: Joga i uważność
pl.tags: joga medytacja relaks
pl: Poranna joga dla początkujących
pl: Ćwiczenie oddechowe na stres
pl: Rozciąganie na ból pleców
nl.bio: Yoga en mindfulness
nl.tags: yoga meditatie ontspanning
nl: Ochtendyoga voor beginners in 10 minuten
nl: Ademhalingsoefening tegen stress
nl: Rekoefeningen voor een stijve rug
""",
    ),
    _niche(
        "skincare", ("skincare", "beauty"), "skincare routines and ingredients", female=0.80,
        ages="young", near=("makeup", "fashion"), words=("skin", "glow", "skincare", "dewy"),
        show=("Skin", "Glow Diary", "Skin Notes"), emoji="🧴 ✨ 💧", weight=1.2,
        text="""
en.bio: Skincare for sensitive skin | Dermatology nurse talking ingredients | Acne journey and honest reviews
en.tags: skincare skincareroutine acne sensitiveskin glowingskin spf retinol skintok niacinamide moisturizer
en.items: retinol serum | vitamin C serum | sunscreen | cleansing balm | niacinamide toner | moisturizer | hyaluronic acid serum | eye cream
en: My night skincare routine for acne-prone skin
en: Honest review: {item} after {n} weeks
en: Dermatologist-approved {item} under 20 dollars
en: How to layer {item} and retinol
en: Morning routine for glowing skin in {n} steps
en: SPF every day, even in winter
en: Barrier repair routine for dry, sensitive skin
en: Drugstore {item} vs luxury: can you tell the difference?
en: Fading dark spots: {n} months of progress
de.bio: Hautpflege für empfindliche Haut
de.tags: hautpflege skincare pickel sonnenschutz
de: Meine Abendroutine gegen Pickel
de: Sonnenschutz jeden Tag, auch im Winter
de: Ehrlicher Test: Serum mit Vitamin C
es.bio: Cuidado de la piel sin rollos
es.tags: cuidadodelapiel skincare rutinafacial acne
es: Mi rutina de noche para piel con acné
es: Protector solar todos los días
es: Sérum de vitamina C: reseña honesta
fr.bio: Soin de la peau et avis honnêtes
fr.tags: soinvisage skincare routinebeaute peauacneique
fr: Ma routine du soir pour peau à tendance acnéique
fr: Crème solaire tous les jours, même en hiver
fr: Avis honnête sur un sérum à la vitamine C
pt.bio: Skincare para pele sensível
pt.tags: skincare cuidadoscomapele peleoleosa protetorsolar
pt: Minha rotina noturna para pele com acne
pt: Protetor solar todo dia, até no inverno
pt: Sérum de vitamina C: vale a pena?
it.bio: Skincare per pelle sensibile
it.tags: skincare curadellapelle acne cremaviso
it: La mia routine serale per la pelle acneica
it: Crema solare ogni giorno, anche d'inverno
it: Siero alla vitamina C: recensione onesta
ja.bio: 敏感肌のスキンケア
ja.tags: スキンケア 敏感肌 美肌
ja: ニキビ肌の夜のスキンケアルーティン
ja: 冬でも毎日日焼け止め
ja: ビタミンC美容液を正直レビュー
ko.bio: 민감성 피부 스킨케어
ko.tags: 스킨케어 피부관리 민감성피부
ko: 여드름 피부 저녁 스킨케어 루틴
ko: 겨울에도 선크림은 필수
ko: 비타민C 세럼 솔직 후기
pl.bio: Pielęgnacja cery wrażliwej
pl.tags: pielęgnacja skincare trądzik
pl: Moja wieczorna pielęgnacja cery trądzikowej
pl: Krem z filtrem codziennie, także zimą
pl: Serum z witaminą C – szczera recenzja
nl.bio: Huidverzorging voor de gevoelige huid
nl.tags: huidverzorging skincare acne
nl: Mijn avondroutine voor een huid met acne
nl: Elke dag zonnebrand, ook in de winter
nl: Eerlijke review van een vitamine C serum
""",
    ),
    _niche(
        "makeup", ("beauty",), "makeup tutorials and beauty", female=0.86, ages="teen",
        near=("skincare", "fashion"), words=("beauty", "glam", "makeup", "mua"),
        show=("Glam", "Beauty", "MUA"), emoji="💄 💋 ✨", weight=1.3,
        text="""
en.bio: Makeup artist | Everyday glam and drugstore dupes | Makeup for hooded eyes
en.tags: makeup makeuptutorial beauty grwm makeupartist eyeliner drugstoremakeup glam lipstick foundation
en.items: soft glam look | winged eyeliner | no-makeup makeup look | bridal makeup | smoky eye | foundation routine | lip combo | concealer trick
en: Get ready with me: {item} in {n} minutes
en: {item} tutorial for hooded eyes
en: Drugstore dupes for a high-end {item}
en: Trying the viral {item}
en: Full face using only {n} products
en: My everyday {item} for school
en: Testing a new foundation for {n} hours
en: Bridal trial: {item}
en: Beginner-friendly {item}, step by step
de.bio: Make-up Artist – Tutorials und Drogerie-Dupes
de.tags: makeup schminken beauty drogerie
de: Alltags-Make-up in 5 Minuten
de: Drogerie-Dupes für teure Produkte
de: Eyeliner für Schlupflider
es.bio: Maquilladora profesional
es.tags: maquillaje makeup belleza tutorialmaquillaje
es: Maquillaje natural en 5 minutos
es: Delineado para párpado caído
es: Dupes de maquillaje baratos
fr.bio: Maquilleuse – tutos et dupes
fr.tags: maquillage makeup beaute tutomaquillage
fr: Maquillage naturel en 5 minutes
fr: Eye-liner pour paupières tombantes
fr: Dupes pas chers de produits de luxe
pt.bio: Maquiadora e dicas de beleza
pt.tags: maquiagem makeup beleza tutorialdemaquiagem
pt: Maquiagem natural em 5 minutos
pt: Delineado para pálpebra caída
pt: Testei a base que viralizou
it.bio: Truccatrice – tutorial e dupe
it.tags: trucco makeup bellezza tutorialtrucco
it: Trucco naturale in 5 minuti
it: Eyeliner per occhi incappucciati
it: Dupe economici di prodotti di lusso
ja.bio: メイクアップアーティスト
ja.tags: メイク コスメ プチプラコスメ
ja: 5分でできるナチュラルメイク
ja: 奥二重さんのアイライナーの引き方
ja: プチプラで叶うデパコス級メイク
ko.bio: 메이크업 아티스트
ko.tags: 메이크업 화장 데일리메이크업
ko: 5분 데일리 메이크업
ko: 무쌍 아이라인 그리는 법
ko: 로드샵 화장품으로 완성하는 메이크업
pl.bio: Makijażystka – tutoriale i tanie zamienniki
pl.tags: makijaż makeup uroda
pl: Makijaż na co dzień w 5 minut
pl: Kreska na opadającą powiekę
pl: Tanie zamienniki drogich kosmetyków
nl.bio: Visagist – tutorials en dupes
nl.tags: makeup beauty opmaken
nl: Natuurlijke make-up in 5 minuten
nl: Eyeliner voor overhangende oogleden
nl: Goedkope dupes voor dure make-up
""",
    ),
    _niche(
        "fashion", ("fashion",), "fashion, outfits and thrifting", female=0.72, ages="young",
        near=("makeup", "skincare", "interior_design"), words=("style", "outfits", "fits", "wardrobe"),
        show=("Style", "Outfits", "Wardrobe"), emoji="👗 👟 🛍️", weight=1.2,
        text="""
en.bio: Everyday outfits and thrift finds | Capsule wardrobe, less but better | Streetwear and sneaker talk
en.tags: fashion ootd outfitideas style thrifting streetwear capsulewardrobe sustainablefashion outfitinspo sneakers
en.items: capsule wardrobe | thrift haul | streetwear fit | work outfit | wedding guest look | sneaker rotation | winter layering | vintage denim
en: {n} outfits with one pair of jeans
en: {item} for under 100 dollars
en: Styling my {item} for autumn
en: Outfit of the day: {item}
en: Sustainable fashion: building a {item}
en: Thrift with me: {item}
en: How to dress for your body type
en: Secondhand finds that look designer
en: Clothing haul: what I kept and returned
de.bio: Alltagsoutfits und Secondhand-Fundstücke
de.tags: mode outfit secondhand modeblogger
de: 5 Outfits mit einer Jeans
de: Secondhand-Haul vom Flohmarkt
de: Capsule Wardrobe für den Herbst
es.bio: Moda, outfits y segunda mano
es.tags: moda outfit estilo segundamano
es: 5 looks con unos vaqueros
es: Compras de segunda mano que parecen de diseñador
es: Armario cápsula para otoño
fr.bio: Mode, tenues du jour et friperie
fr.tags: mode tenuedujour style friperie
fr: 5 tenues avec un seul jean
fr: Haul friperie à petit prix
fr: Garde-robe capsule pour l'automne
pt.bio: Moda acessível e brechó
pt.tags: moda look estilo brecho
pt: 5 looks com uma calça jeans
pt: Achados de brechó que parecem de grife
pt: Guarda-roupa cápsula para o outono
it.bio: Moda, outfit e vintage
it.tags: moda outfit stile vintage
it: 5 outfit con un solo paio di jeans
it: Acquisti vintage a poco prezzo
it: Guardaroba capsula per l'autunno
ja.bio: 毎日のコーデと古着
ja.tags: コーデ ファッション 古着
ja: デニム一本で5コーデ
ja: 古着屋さんで見つけたお宝
ja: 秋のカプセルワードローブ
ko.bio: 데일리룩과 빈티지
ko.tags: 데일리룩 패션 코디
ko: 청바지 하나로 다섯 가지 코디
ko: 빈티지샵 쇼핑 하울
ko: 가을 캡슐 옷장 만들기
pl.bio: Codzienne stylizacje i vintage
pl.tags: moda stylizacja outfit
pl: 5 stylizacji z jednymi jeansami
pl: Zakupy w second handzie
pl: Szafa kapsułowa na jesień
nl.bio: Dagelijkse outfits en tweedehands vondsten
nl.tags: mode outfit tweedehands
nl: 5 outfits met één spijkerbroek
nl: Tweedehands haul van de kringloop
nl: Capsule garderobe voor de herfst
""",
    ),
    _niche(
        "gaming", ("gaming",), "video games, streams and esports", female=0.22, ages="teen",
        near=("tech_reviews", "comedy"), words=("plays", "gaming", "gg", "pixel"),
        show=("Gaming", "Plays", "GG"), emoji="🎮 🕹️ 🔥", weight=1.4, risk=2.5,
        text="""
en.bio: Variety streamer | Competitive FPS clips and tips | Cozy games and chill streams
en.tags: gaming gamer videogames twitch gamingclips fortnite minecraft valorant cozygames esports
en.items: Minecraft | Fortnite | Valorant | Elden Ring | Stardew Valley | Call of Duty | League of Legends | Zelda
en: Clutch moment in {item} ranked
en: {item} tips that got me to the top {n} percent
en: Cozy {item} session with lo-fi music
en: Rating every {item} season
en: My first time playing {item}
en: Speedrunning {item}: new personal best
en: {n} hidden details in {item}
en: Gaming setup tour {n}
en: When the lobby is full of sweats
de.bio: Gaming, Streams und Clips
de.tags: gaming zocken videospiele gamer
de: Mein erstes Mal in Elden Ring
de: Die besten Tipps für Ranked
de: Gemütlicher Gaming-Abend mit Stardew Valley
es.bio: Gamer y streamer
es.tags: gaming videojuegos gamer streamer
es: Jugada increíble en partida clasificatoria
es: Trucos para subir de rango
es: Mi primera vez jugando Elden Ring
fr.bio: Streamer et joueur compétitif
fr.tags: gaming jeuxvideo gamer streamer
fr: Action incroyable en partie classée
fr: Astuces pour monter en rang
fr: Ma première partie sur Elden Ring
pt.bio: Gamer e streamer
pt.tags: gaming jogos gamer gameplay
pt: Jogada absurda na ranqueada
pt: Dicas para subir de elo
pt: Minha primeira vez jogando Elden Ring
it.bio: Gamer e streamer
it.tags: gaming videogiochi gamer
it: Giocata pazzesca in classificata
it: Consigli per salire di grado
it: La mia prima volta su Elden Ring
ja.bio: ゲーム実況
ja.tags: ゲーム実況 ゲーム ゲーマー
ja: ランクマッチで神プレイ
ja: ランクを上げるコツ
ja: 初めてのエルデンリング
ko.bio: 게임 스트리머
ko.tags: 게임 게이머 게임방송
ko: 랭크 게임 역대급 플레이
ko: 티어 올리는 꿀팁
ko: 엘든링 첫 플레이
pl.bio: Gracz i streamer
pl.tags: gry gaming gracz
pl: Niesamowita akcja w rankedzie
pl: Porady, jak wbić wyższą rangę
pl: Mój pierwszy raz w Elden Ring
nl.bio: Gamer en streamer
nl.tags: gaming games gamer
nl: Geniale actie in een ranked potje
nl: Tips om hoger te ranken
nl: Mijn eerste keer Elden Ring
""",
    ),
    _niche(
        "tech_reviews", ("tech",), "gadget and consumer tech reviews", female=0.28, ages="adult",
        near=("gaming", "science_education", "cars"), words=("tech", "gadgets", "techtalk", "unboxed"),
        show=("Tech", "Gadgets", "Tech Talk"), emoji="📱 💻 🎧", engagement=0.85,
        text="""
en.bio: Honest gadget reviews | Smartphones, laptops and smart home | Tech explained without the jargon
en.tags: tech gadgets techreview smartphone unboxing laptop techtok smarthome headphones android
en.items: smartphone | noise-cancelling headphones | laptop | smartwatch | budget earbuds | mechanical keyboard | tablet | robot vacuum
en: Unboxing the new {item}
en: {item} review after {n} days
en: Budget vs flagship {item}: is it worth it?
en: {n} settings you should change on your {item}
en: Best {item} under 200 dollars
en: My desk setup tour
en: Smart home gadgets that actually save time
en: Battery test: {item} for {n} hours
en: Do not buy the new {item} before watching this
de.bio: Ehrliche Technik-Tests
de.tags: technik tech gadgets smartphone
de: Das neue Smartphone im Test
de: Kopfhörer mit Geräuschunterdrückung im Vergleich
de: Lohnt sich das teure Modell?
es.bio: Reseñas de tecnología
es.tags: tecnologia tech gadgets unboxing
es: Unboxing del nuevo móvil
es: Auriculares con cancelación de ruido: comparativa
es: ¿Vale la pena el modelo caro?
fr.bio: Tests high-tech honnêtes
fr.tags: tech hightech gadgets smartphone
fr: Déballage du nouveau smartphone
fr: Casques à réduction de bruit comparés
fr: Le modèle cher vaut-il le coup ?
pt.bio: Reviews de tecnologia
pt.tags: tecnologia tech gadgets celular
pt: Unboxing do novo celular
pt: Fones com cancelamento de ruído: comparativo
pt: Vale a pena o modelo caro?
it.bio: Recensioni tech oneste
it.tags: tecnologia tech gadget smartphone
it: Unboxing del nuovo smartphone
it: Cuffie con cancellazione del rumore a confronto
it: Vale la pena il modello costoso?
ja.bio: ガジェットレビュー
ja.tags: ガジェット レビュー スマホ
ja: 新しいスマホを開封レビュー
ja: ノイズキャンセリングイヤホン比較
ja: 高いモデルは買う価値ある？
ko.bio: 솔직한 IT 리뷰
ko.tags: 전자기기 리뷰 스마트폰
ko: 새 스마트폰 언박싱
ko: 노이즈캔슬링 이어폰 비교
ko: 비싼 모델 살 가치가 있을까
pl.bio: Szczere recenzje technologii
pl.tags: technologia gadżety smartfon
pl: Rozpakowanie nowego smartfona
pl: Porównanie słuchawek z redukcją szumów
pl: Czy warto dopłacić do droższego modelu?
nl.bio: Eerlijke tech reviews
nl.tags: tech gadgets smartphone
nl: Unboxing van de nieuwe smartphone
nl: Koptelefoons met ruisonderdrukking vergeleken
nl: Is het dure model het waard?
""",
    ),
    _niche(
        "travel", ("travel",), "budget travel guides and city trips", female=0.58, ages="adult",
        near=("hiking_camping", "home_cooking", "fashion"), words=("travels", "wander", "abroad", "passport"),
        show=("Travels", "Wanderlust", "On the Road"), emoji="✈️ 🌍 🏝️", weight=1.1,
        text="""
en.bio: Budget travel guides | Slow travel and hidden gems | Full-time traveler sharing itineraries
en.tags: travel traveltok wanderlust budgettravel travelguide backpacking solotravel hiddengems vacation traveltips
en.items: Lisbon | Kyoto | Mexico City | the Amalfi Coast | Bali | Iceland | Istanbul | Cape Town
en: {n} days in {item} on a budget
en: Hidden gems in {item} tourists miss
en: Solo travel in {item}: is it safe?
en: Where to eat in {item}
en: Packing for {n} weeks in one carry-on
en: The cheapest way to get around {item}
en: Travel vlog: {item} in autumn
en: Things I wish I knew before visiting {item}
en: Weekend getaway itinerary for {item}
de.bio: Reisen mit kleinem Budget
de.tags: reisen urlaub reisetipps fernweh
de: 3 Tage Lissabon mit kleinem Budget
de: Geheimtipps, die Touristen verpassen
de: Packliste für zwei Wochen mit Handgepäck
es.bio: Viajes low cost
es.tags: viajes viajar turismo mochilero
es: 3 días en Lisboa con poco presupuesto
es: Lugares secretos que los turistas no conocen
es: Qué llevar en la maleta de mano
fr.bio: Voyages à petit budget
fr.tags: voyage voyager vacances routard
fr: 3 jours à Lisbonne avec un petit budget
fr: Des pépites que les touristes ratent
fr: Voyager deux semaines avec un bagage cabine
pt.bio: Viagens baratas pelo mundo
pt.tags: viagem viajar turismo mochilao
pt: 3 dias em Lisboa gastando pouco
pt: Lugares escondidos que os turistas não conhecem
pt: Como viajar só com mala de mão
it.bio: Viaggi low cost
it.tags: viaggi viaggiare vacanze
it: 3 giorni a Lisbona con pochi soldi
it: Posti segreti che i turisti non conoscono
it: Viaggiare due settimane con il bagaglio a mano
ja.bio: 節約旅行と旅のヒント
ja.tags: 旅行 海外旅行 旅行好き
ja: リスボン3日間の節約旅
ja: 観光客が知らない穴場スポット
ja: 機内持ち込みだけで2週間の旅
ko.bio: 가성비 여행
ko.tags: 여행 해외여행 여행브이로그
ko: 리스본 3일 가성비 여행
ko: 관광객이 모르는 숨은 명소
ko: 기내용 캐리어 하나로 2주 여행
pl.bio: Tanie podróże
pl.tags: podróże wakacje zwiedzanie
pl: 3 dni w Lizbonie za małe pieniądze
pl: Ukryte perełki, które omijają turyści
pl: Dwa tygodnie z bagażem podręcznym
nl.bio: Reizen met een klein budget
nl.tags: reizen vakantie reistips
nl: 3 dagen Lissabon met een klein budget
nl: Verborgen pareltjes die toeristen missen
nl: Twee weken reizen met alleen handbagage
""",
    ),
    _niche(
        "hiking_camping", ("outdoors", "travel"), "hiking, camping and outdoor gear", female=0.42,
        ages="adult", near=("travel", "running"), words=("trails", "wild", "outdoors", "summit"),
        show=("Outdoors", "Trails", "Wild Camp"), emoji="🏕️ ⛰️ 🥾 🌲", weight=0.8,
        text="""
en.bio: Hiking, wild camping and gear reviews | Mountains every weekend | Leave no trace
en.tags: hiking camping outdoors backpacking mountains wildcamping trail nature gearreview vanlife
en.items: ridge hike | wild camp | sunrise summit | thru-hike | canoe trip | winter camping trip | bikepacking trip | waterfall trail
en: {item} in the Alps, {n} km
en: Solo {item} in the rain
en: Ultralight gear list for a {item}
en: Beginner mistakes on my first {item}
en: Cooking dinner on a {item}
en: {n} essentials I always pack for hiking
en: Tent review after {n} nights
en: Sleeping under the stars on the mountain
en: Trekking vs backpacking: what is the difference?
de.bio: Wandern und Zelten in den Bergen
de.tags: wandern berge camping draußen
de: Wanderung auf den Gipfel zum Sonnenaufgang
de: Wildcampen in den Alpen
de: Meine Ausrüstung für eine Mehrtagestour
es.bio: Montaña, senderismo y acampada
es.tags: senderismo montaña acampada naturaleza
es: Ruta de senderismo al amanecer
es: Acampada libre en la montaña
es: Mi equipo para una travesía de varios días
fr.bio: Randonnée et bivouac
fr.tags: randonnee montagne bivouac nature
fr: Randonnée au lever du soleil
fr: Bivouac en montagne
fr: Mon matériel pour un trek de plusieurs jours
pt.bio: Trilhas e acampamento
pt.tags: trilha camping natureza montanha
pt: Trilha até o pico ao nascer do sol
pt: Acampamento selvagem na serra
pt: Meu equipamento para uma travessia
it.bio: Escursioni e campeggio
it.tags: escursionismo montagna campeggio natura
it: Escursione all'alba in Dolomiti
it: Campeggio libero in montagna
it: La mia attrezzatura per un trekking di più giorni
ja.bio: 登山とキャンプ
ja.tags: 登山 キャンプ アウトドア
ja: 日の出を見に山頂へ
ja: ソロキャンプで焚き火ごはん
ja: 縦走の装備紹介
ko.bio: 등산과 캠핑
ko.tags: 등산 캠핑 백패킹
ko: 일출 보러 정상까지 등산
ko: 솔로 백패킹 캠핑
ko: 장거리 산행 장비 소개
pl.bio: Góry, szlaki i biwaki
pl.tags: góry wędrówki biwak
pl: Wschód słońca na szczycie w Tatrach
pl: Biwak w górach
pl: Mój sprzęt na kilkudniowy trekking
nl.bio: Wandelen en kamperen
nl.tags: wandelen kamperen natuur
nl: Bergwandeling bij zonsopkomst
nl: Wildkamperen in de bergen
nl: Mijn uitrusting voor een meerdaagse trektocht
""",
    ),
    _niche(
        "parenting", ("parenting",), "parenting and family life", female=0.82, ages="adult",
        near=("home_cooking", "comedy", "pets"), words=("family", "littles", "parenting", "kids"),
        show=("Family", "Family Life", "Little Ones"), emoji="👶 🍼 ❤️",
        text="""
en.bio: Mom of three keeping it real | Dad life, toddler chaos and tips | Gentle parenting, one tantrum at a time
en.tags: momlife parenting toddler motherhood dadlife newborn gentleparenting momtok familytime parentingtips
en.items: toddler | newborn | preschooler | picky eater | teenager | baby | first grader | strong-willed kid
en: Bedtime routine that finally works for our {item}
en: Lunchbox ideas for a {item}
en: What I wish I knew before having a {item}
en: Gentle parenting: handling a {item} meltdown
en: Day in the life with a {item} and a full-time job
en: {n} cheap activities for a rainy day
en: Sleep training: week {n} update
en: Honest review of our baby stroller
en: Family road trip survival tips
de.bio: Mama von zwei und ganz ehrlich
de.tags: mamaleben familie kleinkind elternsein
de: Abendroutine mit Kleinkind, die endlich klappt
de: Brotdose Ideen für die Kita
de: Unser Alltag mit Baby und Job
es.bio: Mamá de dos, sin filtros
es.tags: maternidad crianza mamá bebé
es: Rutina de noche con un niño pequeño
es: Ideas para la merienda del cole
es: Un día con un bebé y teletrabajo
fr.bio: Maman de deux enfants
fr.tags: maman parentalite bebe famille
fr: Routine du coucher avec un tout-petit
fr: Idées de goûters pour l'école
fr: Une journée avec un bébé et un travail
pt.bio: Mãe de dois, maternidade real
pt.tags: maternidade maternidadereal bebe familia
pt: Rotina de sono que funcionou com meu filho
pt: Ideias de lancheira para a escola
pt: Um dia com bebê e trabalho em casa
it.bio: Mamma di due bambini
it.tags: mamma maternità bambini famiglia
it: Routine della nanna con un bimbo piccolo
it: Idee per la merenda a scuola
it: Una giornata con neonato e lavoro
ja.bio: 二児のママ
ja.tags: 子育て ママ 育児
ja: イヤイヤ期の寝かしつけルーティン
ja: 保育園のお弁当アイデア
ja: 赤ちゃんと在宅ワークの一日
ko.bio: 두 아이 엄마의 육아일기
ko.tags: 육아 육아맘 아기
ko: 떼쓰는 아이 재우기 루틴
ko: 어린이집 도시락 아이디어
ko: 아기와 재택근무 하는 하루
pl.bio: Mama dwójki dzieci
pl.tags: macierzyństwo rodzicielstwo dziecko
pl: Wieczorna rutyna z maluchem
pl: Pomysły na drugie śniadanie do szkoły
pl: Dzień z niemowlakiem i pracą
nl.bio: Moeder van twee, eerlijk en echt
nl.tags: moederschap ouderschap peuter gezin
nl: Bedtijdroutine met een peuter
nl: Ideeën voor de broodtrommel
nl: Een dag met een baby en een baan
""",
    ),
    _niche(
        "personal_finance", ("finance",), "personal finance, budgeting and investing",
        female=0.42, ages="adult", near=("crypto_trading", "science_education"),
        words=("money", "finance", "budget", "invests"),
        show=("Money", "Finance", "Money Talk"), emoji="💰 📈 💸", engagement=0.8,
        text="""
en.bio: Helping you budget, save and invest | Personal finance for your 20s | Index funds and boring money tips
en.tags: personalfinance money budgeting investing savingmoney financetok indexfunds debtfree financialfreedom frugal
en.items: emergency fund | index fund portfolio | monthly budget | retirement account | credit score | side hustle | high-yield savings account | student loan plan
en: How I built my {item} on a small salary
en: {item} explained in {n} seconds
en: My {item} breakdown
en: {n} money mistakes to avoid in your 20s
en: Saving vs investing: where to start
en: Paying off debt: month {n} update
en: The 50/30/20 rule explained
en: Everything you need to know about your {item}
en: Frugal living tips that actually work
de.bio: Finanzen einfach erklärt
de.tags: finanzen geldsparen etf investieren
de: ETF-Sparplan einfach erklärt
de: So spare ich 500 Euro im Monat
de: Haushaltsbuch führen für Anfänger
es.bio: Finanzas personales sin complicaciones
es.tags: finanzaspersonales ahorro inversion dinero
es: Cómo ahorrar con un sueldo normal
es: Fondos indexados explicados fácil
es: Mi presupuesto mensual al detalle
fr.bio: Finances personnelles simplement
fr.tags: financepersonnelle epargne investir argent
fr: Comment épargner avec un petit salaire
fr: Les ETF expliqués simplement
fr: Mon budget mensuel en détail
pt.bio: Finanças pessoais sem mistério
pt.tags: financaspessoais investimentos dinheiro economizar
pt: Como guardar dinheiro ganhando pouco
pt: Reserva de emergência explicada
pt: Meu orçamento do mês detalhado
it.bio: Finanza personale semplice
it.tags: finanzapersonale risparmio investire soldi
it: Come risparmiare con uno stipendio normale
it: Gli ETF spiegati in modo semplice
it: Il mio budget mensile nel dettaglio
ja.bio: お金の勉強と節約術
ja.tags: 節約 資産運用 投資初心者
ja: 少ない給料で貯金する方法
ja: インデックス投資をわかりやすく解説
ja: 一ヶ月の家計簿公開
ko.bio: 재테크와 절약 팁
ko.tags: 재테크 절약 투자
ko: 적은 월급으로 돈 모으는 법
ko: 인덱스 펀드 쉽게 설명
ko: 한 달 가계부 공개
pl.bio: Finanse osobiste po ludzku
pl.tags: finanse oszczędzanie inwestowanie
pl: Jak oszczędzać przy niskiej pensji
pl: ETF-y wyjaśnione prosto
pl: Mój miesięczny budżet
nl.bio: Persoonlijke financiën simpel uitgelegd
nl.tags: geld sparen beleggen
nl: Sparen met een klein salaris
nl: Indexfondsen simpel uitgelegd
nl: Mijn maandbudget in detail
""",
    ),
    _niche(
        "crypto_trading", ("finance",), "crypto and day trading", female=0.14, ages="young",
        near=("personal_finance", "tech_reviews"), words=("crypto", "trades", "charts", "hodl"),
        show=("Crypto", "Trading", "Charts"), emoji="🚀 📊 🪙", weight=0.6, engagement=0.8, risk=4.0,
        text="""
en.bio: Crypto and day trading | Charts, altcoins and market news | Not financial advice
en.tags: crypto bitcoin trading daytrading altcoins ethereum cryptonews blockchain forex stocks
en.items: Bitcoin | Ethereum | Solana | this altcoin | the S&P 500 | gold | meme coins | the NASDAQ
en: Why {item} could move {n}% this week
en: My {item} trade today, live
en: Technical analysis: {item} chart breakdown
en: Is it too late to buy {item}?
en: {n} altcoins on my watchlist
en: Day trading with a small account: week {n}
en: Crypto news you missed this week
en: How I manage risk when trading {item}
en: Bull run or bear trap? My take on {item}
de.bio: Krypto und Trading
de.tags: krypto bitcoin trading aktien
de: Bitcoin Chartanalyse für diese Woche
de: Meine Trades heute live
de: Lohnt sich der Einstieg jetzt noch?
es.bio: Cripto y trading
es.tags: cripto bitcoin trading inversiones
es: Análisis técnico de Bitcoin esta semana
es: Mis operaciones de hoy en directo
es: ¿Todavía es buen momento para comprar?
fr.bio: Crypto et trading
fr.tags: crypto bitcoin trading bourse
fr: Analyse technique du Bitcoin cette semaine
fr: Mes trades du jour en direct
fr: Est-il trop tard pour acheter ?
pt.bio: Cripto e day trade
pt.tags: cripto bitcoin daytrade investimentos
pt: Análise gráfica do Bitcoin nesta semana
pt: Minhas operações de hoje ao vivo
pt: Ainda vale a pena comprar?
it.bio: Cripto e trading
it.tags: cripto bitcoin trading borsa
it: Analisi tecnica di Bitcoin questa settimana
it: I miei trade di oggi in diretta
it: È troppo tardi per comprare?
ja.bio: 仮想通貨とトレード
ja.tags: 仮想通貨 ビットコイン 投資
ja: 今週のビットコインチャート分析
ja: 今日のトレードをライブで
ja: 今から買っても遅くない？
ko.bio: 코인과 트레이딩
ko.tags: 코인 비트코인 주식
ko: 이번 주 비트코인 차트 분석
ko: 오늘의 매매 실시간 공개
ko: 지금 사도 늦지 않았을까
pl.bio: Krypto i trading
pl.tags: kryptowaluty bitcoin trading
pl: Analiza techniczna Bitcoina na ten tydzień
pl: Moje dzisiejsze transakcje na żywo
pl: Czy jest już za późno, żeby kupić?
nl.bio: Crypto en trading
nl.tags: crypto bitcoin beleggen
nl: Bitcoin grafiekanalyse voor deze week
nl: Mijn trades van vandaag live
nl: Is het te laat om nog in te stappen?
""",
    ),
    _niche(
        "music_covers", ("music",), "singing, covers and original music", female=0.52,
        ages="young", near=("dance", "comedy"), words=("music", "sings", "covers", "keys"),
        show=("Music", "Covers", "Sessions"), emoji="🎤 🎸 🎶 🎹", share_rate=1.2,
        text="""
en.bio: Singer-songwriter, covers every week | Guitarist and producer | Piano covers of your favourite songs
en.tags: music cover singing guitar piano singersongwriter originalsong musician acoustic vocals
en.items: acoustic cover | piano version | original song | live loop | guitar riff | duet | a cappella cover | mashup
en: {item} of a song you requested
en: Writing an {item} in {n} minutes
en: Stripped-down {item} at home
en: Learning guitar: day {n}
en: {item} with my little sister
en: Vocal warm-up I do before every gig
en: Music production: making a beat from scratch
en: Would you stream this {item}?
en: Busking in the city for the first time
de.bio: Singer-Songwriterin
de.tags: musik cover singen gitarre
de: Akustik-Cover eures Wunschsongs
de: Neuer eigener Song, was sagt ihr?
de: Straßenmusik in der Innenstadt
es.bio: Cantante y compositora
es.tags: musica cover cantar guitarra
es: Versión acústica de la canción que me pedisteis
es: Canción original, ¿qué os parece?
es: Tocando en la calle por primera vez
fr.bio: Autrice-compositrice-interprète
fr.tags: musique reprise chant guitare
fr: Reprise acoustique de votre chanson préférée
fr: Nouvelle chanson originale, vous en pensez quoi ?
fr: Je joue dans la rue pour la première fois
pt.bio: Cantora e compositora
pt.tags: musica cover cantando violao
pt: Cover acústico da música que vocês pediram
pt: Música autoral nova, o que acharam?
pt: Tocando na rua pela primeira vez
it.bio: Cantautrice
it.tags: musica cover cantare chitarra
it: Cover acustica della canzone che mi avete chiesto
it: Nuova canzone inedita, che ne pensate?
it: Suonare per strada per la prima volta
ja.bio: 弾き語りとカバー
ja.tags: 歌ってみた 弾き語り 音楽
ja: リクエストの曲を弾き語り
ja: オリジナル曲できました
ja: 初めての路上ライブ
ko.bio: 싱어송라이터
ko.tags: 노래 커버 음악
ko: 요청하신 곡 어쿠스틱 커버
ko: 자작곡 들려드릴게요
ko: 처음 해본 버스킹
pl.bio: Wokalistka i autorka piosenek
pl.tags: muzyka cover śpiew gitara
pl: Akustyczny cover piosenki, o którą prosiliście
pl: Mój nowy autorski utwór
pl: Pierwszy raz gram na ulicy
nl.bio: Singer-songwriter
nl.tags: muziek cover zingen gitaar
nl: Akoestische cover van jullie verzoeknummer
nl: Nieuw eigen nummer, wat vinden jullie?
nl: Voor het eerst straatmuziek maken
""",
    ),
    _niche(
        "dance", ("dance",), "dance challenges and choreography", female=0.68, ages="teen",
        near=("music_covers", "comedy"), words=("dance", "moves", "groove", "choreo"),
        show=("Dance", "Moves", "Choreo"), emoji="💃 🕺 🔥", weight=1.1, engagement=1.2,
        share_rate=1.3,
        text="""
en.bio: Dancer and choreographer | Learn the trends with me | Hip-hop, heels and K-pop dance covers
en.tags: dance dancechallenge choreography dancetrend hiphopdance kpopdance dancer dancetutorial dancetok heels
en.items: dance challenge | choreography | K-pop dance cover | hip-hop routine | heels routine | freestyle | dance tutorial | salsa routine
en: New {item} to this sound
en: {item} tutorial, slowed down
en: Learn this {item} in {n} counts
en: {item} with my mom
en: Freestyle session in the studio
en: Trying the viral {item}
en: Practice vs performance: {item}
en: {n} hours to learn this {item}
en: Couple dance battle
de.bio: Tänzerin und Choreografin
de.tags: tanzen tanz choreografie
de: Neue Choreo zu diesem Song
de: Tanz-Tutorial in Zeitlupe
de: Tanz-Challenge mit meiner Mama
es.bio: Bailarina y coreógrafa
es.tags: baile bailar coreografia
es: Nueva coreografía con este audio
es: Tutorial de baile paso a paso
es: Reto de baile con mi madre
fr.bio: Danseuse et chorégraphe
fr.tags: danse choregraphie danseuse
fr: Nouvelle chorégraphie sur ce son
fr: Tutoriel de danse au ralenti
fr: Défi danse avec ma mère
pt.bio: Dançarina e coreógrafa
pt.tags: danca coreografia dancinha
pt: Nova coreografia nesse áudio
pt: Tutorial de dança passo a passo
pt: Desafio de dança com minha mãe
it.bio: Ballerina e coreografa
it.tags: ballo danza coreografia
it: Nuova coreografia su questo audio
it: Tutorial di ballo al rallentatore
it: Sfida di ballo con mia mamma
ja.bio: ダンサー・振付師
ja.tags: ダンス 踊ってみた 振り付け
ja: この曲で新しい振り付け
ja: ダンスの反転スロー解説
ja: お母さんと踊ってみた
ko.bio: 댄서 겸 안무가
ko.tags: 댄스 춤 커버댄스
ko: 이 노래로 새 안무
ko: 댄스 거울모드 느리게 배우기
ko: 엄마랑 댄스 챌린지
pl.bio: Tancerka i choreografka
pl.tags: taniec choreografia tancerka
pl: Nowa choreografia do tego dźwięku
pl: Tutorial taneczny krok po kroku
pl: Taneczne wyzwanie z mamą
nl.bio: Danser en choreograaf
nl.tags: dansen dans choreografie
nl: Nieuwe choreografie op dit nummer
nl: Danstutorial in slow motion
nl: Dansuitdaging met mijn moeder
""",
    ),
    _niche(
        "comedy", ("comedy",), "comedy sketches and relatable humour", female=0.48, ages="teen",
        near=("dance", "gaming", "parenting"), words=("jokes", "lol", "funny", "sketches"),
        show=("Comedy", "Sketches", "Jokes"), emoji="😂 🎭 🤣", weight=1.3, engagement=1.2,
        share_rate=1.6, risk=3.0,
        text="""
en.bio: Sketches about everyday life | Stand-up comic | Making bad jokes so you don't have to
en.tags: comedy funny sketch standup skit relatable humor memes pov lol
en.items: office | group chat | family dinner | first date | gym | airport | roommate | customer service call
en: POV: the {item} at 9 am
en: Every {item} ever
en: Types of people at the {item}
en: When the {item} goes wrong
en: Stand-up clip: my mom and technology
en: {n} things nobody tells you about adulting
en: If the {item} was a person
en: Reenacting your worst {item} stories
en: Trying stand-up for the first time
de.bio: Comedy aus dem Alltag
de.tags: comedy lustig sketch humor
de: Jeder Familienabend ever
de: POV: Montagmorgen im Büro
de: Typen von Leuten im Fitnessstudio
es.bio: Humor del día a día
es.tags: humor comedia risas sketch
es: Todas las cenas familiares
es: POV: lunes por la mañana en la oficina
es: Tipos de personas en el gimnasio
fr.bio: Sketchs du quotidien
fr.tags: humour drole sketch comedie
fr: Chaque repas de famille
fr: POV : lundi matin au bureau
fr: Les types de personnes à la salle de sport
pt.bio: Humor do dia a dia
pt.tags: humor comedia engracado esquete
pt: Todo almoço de família
pt: POV: segunda de manhã no escritório
pt: Tipos de pessoas na academia
it.bio: Sketch comici di vita quotidiana
it.tags: comicita divertente sketch umorismo
it: Ogni pranzo di famiglia
it: POV: lunedì mattina in ufficio
it: Tipi di persone in palestra
ja.bio: 日常のあるあるコント
ja.tags: あるある コント お笑い
ja: 家族の食卓あるある
ja: 月曜の朝のオフィス
ja: ジムにいる人たち
ko.bio: 일상 공감 코미디
ko.tags: 코미디 공감 웃긴영상
ko: 가족 식사 때 공감
ko: 월요일 아침 회사 상황극
ko: 헬스장에 꼭 있는 사람 유형
pl.bio: Skecze z życia codziennego
pl.tags: komedia śmieszne humor
pl: Każdy rodzinny obiad
pl: POV: poniedziałek rano w biurze
pl: Typy ludzi na siłowni
nl.bio: Sketches over het dagelijks leven
nl.tags: humor grappig sketch
nl: Elk familiediner ooit
nl: POV: maandagochtend op kantoor
nl: Soorten mensen in de sportschool
""",
    ),
    _niche(
        "pets", ("pets",), "pets, dog training and cat life", female=0.66, ages="adult",
        near=("comedy", "parenting", "hiking_camping"), words=("pets", "paws", "doggo", "meow"),
        show=("Paws", "Pet Life", "Dog Diaries"), emoji="🐶 🐱 🐾", weight=1.1, engagement=1.15,
        share_rate=1.3,
        text="""
en.bio: A golden retriever and his human | Two rescue cats running my life | Dog trainer sharing positive training tips
en.tags: dog cat pets dogsoftiktok catsoftiktok puppy dogtraining rescuedog petcare cute
en.items: golden retriever | rescue cat | puppy | husky | senior dog | kitten | corgi | bunny
en: My {item} reacting to snow for the first time
en: Teaching my {item} a new trick in {n} days
en: Day in the life of a {item}
en: {item} grooming routine
en: Positive dog training: loose-leash walking
en: {n} things every new {item} owner should know
en: Adopting a {item}: our first week
en: Homemade treats my {item} loves
en: Vet visit vlog: annual checkup
de.bio: Ein Hund, zwei Katzen, viel Chaos
de.tags: hund katze haustiere welpe
de: Mein Hund sieht zum ersten Mal Schnee
de: Hundetraining: Leinenführigkeit üben
de: Unsere erste Woche mit dem Tierheimkater
es.bio: Mi perro y yo
es.tags: perro gato mascotas cachorro
es: Mi perro ve la nieve por primera vez
es: Adiestramiento canino en positivo
es: Primera semana con nuestro gato adoptado
fr.bio: La vie avec mes deux chats
fr.tags: chien chat animaux chiot
fr: Mon chien découvre la neige
fr: Éducation canine positive
fr: Première semaine avec notre chat adopté
pt.bio: Vida com pets
pt.tags: cachorro gato pets filhote
pt: Meu cachorro vendo neve pela primeira vez
pt: Adestramento positivo em casa
pt: Primeira semana com nosso gato adotado
it.bio: La vita con il mio cane
it.tags: cane gatto animali cucciolo
it: Il mio cane vede la neve per la prima volta
it: Addestramento del cane in positivo
it: La prima settimana con il gatto adottato
ja.bio: 柴犬と猫の日常
ja.tags: 犬 猫 ペット
ja: 初めて雪を見た柴犬
ja: おすわりを覚えるまで
ja: 保護猫を迎えて一週間
ko.bio: 강아지와 고양이의 일상
ko.tags: 강아지 고양이 반려동물
ko: 처음 눈을 본 강아지 반응
ko: 강아지 훈련 꿀팁
ko: 유기묘 입양 첫 주
pl.bio: Życie z psem i kotem
pl.tags: pies kot zwierzaki szczeniak
pl: Mój pies pierwszy raz widzi śnieg
pl: Szkolenie psa metodą pozytywną
pl: Pierwszy tydzień z adoptowanym kotem
nl.bio: Het leven met mijn hond
nl.tags: hond kat huisdieren puppy
nl: Mijn hond ziet voor het eerst sneeuw
nl: Hondentraining met positieve beloning
nl: Eerste week met onze asielkat
""",
    ),
    _niche(
        "diy_home", ("diy", "home"), "DIY, woodworking and home renovation", female=0.44,
        ages="mature", near=("interior_design", "art", "cars"),
        words=("diy", "builds", "makes", "workshop"),
        show=("DIY", "Workshop", "Builds"), emoji="🔨 🪚 🛠️",
        text="""
en.bio: DIY projects and home renovation on a budget | Woodworking in a small garage | Fixing up a 1920s house
en.tags: diy homerenovation woodworking homeimprovement diyproject upcycling fixerupper tools renovation crafts
en.items: floating shelves | coffee table | kitchen cabinets | garden bench | headboard | bookcase | workbench | deck
en: DIY {item} for under 50 dollars
en: {item} before and after
en: Renovating our fixer-upper: day {n}
en: Upcycling an old dresser
en: {n} tools every beginner needs
en: Woodworking project: {item} from scrap wood
en: Rental-friendly {item} hack
en: Tiling a bathroom for the first time
en: Restoring an old dresser I found on the street
de.bio: Heimwerken und Renovieren
de.tags: diy heimwerken renovierung selbstgemacht
de: Schwebendes Regal selber bauen
de: Badezimmer renovieren vorher nachher
de: Alte Kommode aufarbeiten
es.bio: Bricolaje y reformas low cost
es.tags: diy bricolaje reforma manualidades
es: Estantería flotante hecha por mí
es: Reforma del baño antes y después
es: Restaurando una cómoda vieja
fr.bio: Bricolage et rénovation
fr.tags: diy bricolage renovation faitmain
fr: Fabriquer une étagère murale
fr: Rénovation de salle de bain avant après
fr: Relooking d'une vieille commode
pt.bio: Faça você mesmo e reformas
pt.tags: diy facavocemesmo reforma marcenaria
pt: Prateleira flutuante feita em casa
pt: Reforma do banheiro antes e depois
pt: Restaurando uma cômoda antiga
it.bio: Fai da te e ristrutturazioni
it.tags: faidate diy ristrutturazione bricolage
it: Mensola sospesa fai da te
it: Ristrutturazione del bagno prima e dopo
it: Restauro di un vecchio comò
ja.bio: DIYとセルフリノベーション
ja.tags: diy セルフリノベーション 木工
ja: 壁に浮く棚をDIY
ja: 浴室リフォーム ビフォーアフター
ja: 古いタンスをリメイク
ko.bio: 셀프 인테리어와 목공
ko.tags: diy 셀프인테리어 목공
ko: 벽 선반 직접 만들기
ko: 욕실 셀프 리모델링 전후
ko: 낡은 서랍장 리폼
pl.bio: Majsterkowanie i remonty
pl.tags: diy majsterkowanie remont
pl: Półka wisząca zrobiona samodzielnie
pl: Remont łazienki przed i po
pl: Odnawianie starej komody
nl.bio: Klussen en verbouwen
nl.tags: diy klussen verbouwing
nl: Zwevende plank zelf maken
nl: Badkamer verbouwing voor en na
nl: Oude ladekast opknappen
""",
    ),
    _niche(
        "interior_design", ("home",), "interior design and cosy homes", female=0.74, ages="adult",
        near=("diy_home", "fashion", "art"), words=("home", "interiors", "nest", "casa"),
        show=("Home", "Interiors", "Nest"), emoji="🏡 🛋️ 🪴",
        text="""
en.bio: Cosy interiors on a renter's budget | Interior designer sharing small-space ideas | Scandi minimalism and plants
en.tags: interiordesign homedecor cozyhome apartmenttour smallspaces homeinspo minimalism plants rentalfriendly organization
en.items: living room | bedroom | studio apartment | home office | entryway | kitchen | balcony | reading nook
en: {item} makeover on a budget
en: Apartment tour: our {n} square meter home
en: Cosy {item} ideas for autumn
en: Styling a small {item}
en: {n} decor mistakes that make rooms look cheap
en: Organising my {item} with IKEA finds
en: Houseplant care for beginners
en: Minimalist {item} refresh
en: Rental-friendly lighting ideas
de.bio: Gemütlich wohnen mit kleinem Budget
de.tags: einrichtung wohnideen interior gemütlich
de: Wohnzimmer-Makeover mit kleinem Budget
de: Roomtour durch unsere Altbauwohnung
de: Kleine Räume geschickt einrichten
es.bio: Decoración y hogar con poco presupuesto
es.tags: decoracion hogar interiorismo casa
es: Cambio de look del salón con poco dinero
es: Tour por nuestro piso pequeño
es: Ideas para decorar espacios pequeños
fr.bio: Déco et intérieur à petit prix
fr.tags: deco decoration interieur maison
fr: Relooking du salon à petit budget
fr: Visite de notre petit appartement
fr: Aménager un petit espace
pt.bio: Decoração e casa com pouco dinheiro
pt.tags: decoracao casa decor apartamento
pt: Transformei minha sala gastando pouco
pt: Tour pelo nosso apartamento pequeno
pt: Ideias para decorar espaços pequenos
it.bio: Arredamento e casa low cost
it.tags: arredamento casa interiordesign decorazione
it: Trasformare il soggiorno con poco budget
it: House tour del nostro piccolo appartamento
it: Idee per arredare spazi piccoli
ja.bio: 狭くても心地いい部屋づくり
ja.tags: インテリア 部屋作り 一人暮らし
ja: プチプラでリビング模様替え
ja: 一人暮らしのルームツアー
ja: 狭い部屋を広く見せるコツ
ko.bio: 작은 집 인테리어
ko.tags: 인테리어 집꾸미기 랜선집들이
ko: 적은 예산으로 거실 꾸미기
ko: 원룸 랜선 집들이
ko: 좁은 방 넓어 보이게 하는 법
pl.bio: Przytulne wnętrza za małe pieniądze
pl.tags: wnętrza dom aranżacja
pl: Metamorfoza salonu za małe pieniądze
pl: Pokazuję nasze małe mieszkanie
pl: Jak urządzić małą przestrzeń
nl.bio: Gezellig wonen met een klein budget
nl.tags: interieur wonen woonideeën
nl: Woonkamer makeover met een klein budget
nl: Roomtour door ons kleine appartement
nl: Kleine ruimtes slim inrichten
""",
    ),
    _niche(
        "science_education", ("education",), "science explainers and study tips", female=0.42,
        ages="young", near=("tech_reviews", "personal_finance", "booktok"),
        words=("learn", "science", "explains", "facts"),
        show=("Science", "Explained", "Learn"), emoji="🔬 📚 🧠", share_rate=1.3,
        text="""
en.bio: Science explained in 60 seconds | Teacher making physics fun | History and science facts you didn't learn in school
en.tags: science learnontiktok education physics biology history facts stem teacher didyouknow
en.items: black holes | photosynthesis | the French Revolution | quantum physics | volcanoes | DNA | climate change | the Roman Empire
en: {item} explained in {n} seconds
en: What school never taught you about {item}
en: {n} facts about {item} that sound fake
en: A teacher explains {item}
en: Study tips that got me through exams
en: Why the sky is blue, explained simply
en: Myth or fact: {item}
en: Kitchen science experiment for kids
en: How to learn anything faster
de.bio: Wissenschaft einfach erklärt
de.tags: wissen lernen wissenschaft schule
de: Schwarze Löcher in 60 Sekunden erklärt
de: Lerntipps für die Prüfungszeit
de: Fakten, die wie erfunden klingen
es.bio: Ciencia explicada fácil
es.tags: ciencia aprender educacion datoscuriosos
es: Los agujeros negros explicados en 60 segundos
es: Trucos para estudiar mejor
es: Datos curiosos que parecen falsos
fr.bio: La science expliquée simplement
fr.tags: science apprendre education culture
fr: Les trous noirs expliqués en 60 secondes
fr: Astuces pour mieux réviser
fr: Des faits qui semblent faux
pt.bio: Ciência explicada de um jeito fácil
pt.tags: ciencia aprender educacao curiosidades
pt: Buracos negros explicados em 60 segundos
pt: Dicas de estudo para o vestibular
pt: Curiosidades que parecem mentira
it.bio: Scienza spiegata semplice
it.tags: scienza imparare cultura curiosità
it: I buchi neri spiegati in 60 secondi
it: Consigli per studiare meglio
it: Curiosità che sembrano false
ja.bio: 科学をわかりやすく解説
ja.tags: 科学 勉強 雑学
ja: ブラックホールを60秒で解説
ja: テスト前の勉強法
ja: 嘘みたいな本当の雑学
ko.bio: 과학을 쉽게 설명해요
ko.tags: 과학 공부 상식
ko: 블랙홀 60초 설명
ko: 시험 기간 공부법
ko: 거짓말 같은 과학 상식
pl.bio: Nauka wyjaśniona prosto
pl.tags: nauka ciekawostki edukacja
pl: Czarne dziury wyjaśnione w 60 sekund
pl: Sposoby na skuteczną naukę
pl: Ciekawostki, które brzmią jak kłamstwo
nl.bio: Wetenschap simpel uitgelegd
nl.tags: wetenschap leren weetjes
nl: Zwarte gaten uitgelegd in 60 seconden
nl: Studietips voor de examens
nl: Weetjes die nep klinken
""",
    ),
    _niche(
        "football", ("sports",), "football skills and match reactions", female=0.20, ages="teen",
        near=("gaming", "running", "comedy"), words=("football", "goals", "ballin", "skills"),
        show=("Football", "Skills", "Matchday"), emoji="⚽ 🥅 🏆", weight=1.1, risk=1.5,
        text="""
en.bio: Football skills and match reactions | Sunday league legend | Freestyle football
en.tags: football soccer skills goals premierleague freestylefootball footballtiktok matchday training worldcup
en.items: free kick | rabona | penalty | nutmeg | bicycle kick | step-over | volley | panenka
en: Learn this {item} in {n} minutes
en: {item} challenge with my brother
en: Match reaction: last-minute winner
en: Sunday league highlights, week {n}
en: Football training drills for beginners
en: Hitting the perfect {item}
en: Ranking the best {item} goals ever
en: {n} skills to embarrass your defender
en: Matchday vlog at the stadium
de.bio: Fußball-Skills und Spielanalysen
de.tags: fußball bundesliga tore skills
de: Freistoß-Tutorial in 5 Minuten
de: Reaktion auf das Derby am Wochenende
de: Fußballtraining für Anfänger
es.bio: Fútbol, jugadas y reacciones
es.tags: futbol laliga goles habilidades
es: Aprende este regate en 5 minutos
es: Reacción al clásico del fin de semana
es: Entrenamiento de fútbol para principiantes
fr.bio: Foot, gestes techniques et réactions
fr.tags: football foot ligue1 buts
fr: Apprends ce geste technique en 5 minutes
fr: Réaction au match du week-end
fr: Entraînement de foot pour débutants
pt.bio: Futebol, dribles e resenha
pt.tags: futebol brasileirao gol dribles
pt: Aprenda esse drible em 5 minutos
pt: Reagindo ao clássico do fim de semana
pt: Treino de futebol para iniciantes
it.bio: Calcio, skill e reazioni
it.tags: calcio seriea gol skills
it: Impara questo dribbling in 5 minuti
it: Reazione al derby del weekend
it: Allenamento di calcio per principianti
ja.bio: サッカーテクニック
ja.tags: サッカー 練習 ゴール
ja: 5分で覚えるドリブル技
ja: 週末の試合リアクション
ja: 初心者向けサッカー練習
ko.bio: 축구 기술과 경기 리뷰
ko.tags: 축구 풋살 골
ko: 5분 만에 배우는 드리블 기술
ko: 주말 경기 리액션
ko: 초보자 축구 훈련
pl.bio: Piłka nożna i triki
pl.tags: piłkanożna ekstraklasa gole
pl: Naucz się tego dryblingu w 5 minut
pl: Reakcja na weekendowe derby
pl: Trening piłkarski dla początkujących
nl.bio: Voetbal skills en wedstrijdreacties
nl.tags: voetbal eredivisie goals
nl: Leer deze actie in 5 minuten
nl: Reactie op de topper van het weekend
nl: Voetbaltraining voor beginners
""",
    ),
    _niche(
        "cars", ("cars",), "cars, detailing and car reviews", female=0.14, ages="adult",
        near=("tech_reviews", "diy_home"), words=("cars", "garage", "drives", "motors"),
        show=("Garage", "Car Talk", "Motors"), emoji="🚗 🏎️ 🔧", weight=0.8,
        text="""
en.bio: Car reviews and project builds | Mechanic explaining car problems | EVs, track days and detailing
en.tags: cars carsoftiktok carreview detailing jdm electricvehicle mechanic carmods supercar roadtrip
en.items: used EV | hot hatch | project car | used sedan | vintage Porsche | pickup truck | family estate car | JDM classic
en: {item} review: the good and the bad
en: Detailing a very dirty {item}
en: {n} things I hate about my {item}
en: Project car build, part {n}
en: Mechanic explains why your check engine light is on
en: Buying a {item} on a budget
en: Track day in a {item}
en: EV range test in the cold
en: Oil change at home, step by step
de.bio: Autos, Tests und Schrauberprojekte
de.tags: autos auto tuning elektroauto
de: Elektroauto im Wintertest
de: Autoaufbereitung eines sehr dreckigen Wagens
de: Schrauberprojekt Teil 3
es.bio: Coches, pruebas y proyectos
es.tags: coches motor autos cochelectrico
es: Prueba de un coche eléctrico en invierno
es: Limpieza a fondo de un coche muy sucio
es: Proyecto de restauración, parte 3
fr.bio: Voitures, essais et préparation
fr.tags: voiture auto automobile essai
fr: Essai d'une voiture électrique en hiver
fr: Nettoyage complet d'une voiture très sale
fr: Projet de restauration, partie 3
pt.bio: Carros, testes e projetos
pt.tags: carros automovel carroantigo
pt: Testando um carro elétrico no frio
pt: Lavagem detalhada de um carro muito sujo
pt: Projeto de restauração, parte 3
it.bio: Auto, prove e restauri
it.tags: auto motori automobili
it: Prova di un'auto elettrica in inverno
it: Pulizia profonda di un'auto sporchissima
it: Progetto di restauro, parte 3
ja.bio: 車のレビューと整備
ja.tags: 車 車好き 洗車
ja: 冬の電気自動車の航続距離テスト
ja: 汚れた車を徹底洗車
ja: 旧車レストア パート3
ko.bio: 자동차 리뷰와 정비
ko.tags: 자동차 세차 전기차
ko: 겨울철 전기차 주행거리 테스트
ko: 엄청 더러운 차 디테일링
ko: 올드카 복원 3편
pl.bio: Samochody, testy i projekty
pl.tags: samochody motoryzacja auto
pl: Test samochodu elektrycznego zimą
pl: Detailing bardzo brudnego auta
pl: Projekt renowacji, część 3
nl.bio: Auto's, reviews en projecten
nl.tags: autos auto elektrischrijden
nl: Elektrische auto getest in de winter
nl: Een heel vieze auto grondig poetsen
nl: Restauratieproject deel 3
""",
    ),
    _niche(
        "booktok", ("books",), "book reviews and reading recommendations", female=0.80,
        ages="young", near=("science_education", "art"), words=("reads", "books", "pages", "shelf"),
        show=("Reads", "Bookshelf", "Book Club"), emoji="📚 📖 ☕",
        text="""
en.bio: Reading 100 books a year | Fantasy and romance book reviews | Bookseller sharing hidden gems
en.tags: booktok books reading bookrecommendations fantasybooks romancebooks bookreview bookclub tbr reader
en.items: fantasy novel | romance book | thriller | classic | debut novel | sci-fi series | memoir | cozy mystery
en: {n} books to read if you loved this {item}
en: Honest review of the viral {item}
en: Reading vlog: a {item} in one day
en: My {n} favourite reads of the year
en: Books that made me cry
en: Underrated {item} nobody talks about
en: Rating every {item} on my shelf
en: Bookshelf tour
en: Annotating my new {item}
de.bio: Bücherliebe und ehrliche Rezensionen
de.tags: bücher lesen buchtipps booktokgermany
de: Fünf Bücher, die ihr lesen müsst
de: Ehrliche Rezension zum Hype-Buch
de: Mein Bücherregal im Überblick
es.bio: Reseñas de libros y recomendaciones
es.tags: libros leer recomendacionesdelibros
es: Cinco libros que tienes que leer
es: Reseña honesta del libro viral
es: Tour por mi estantería
fr.bio: Lectures et avis sincères
fr.tags: livres lecture booktokfrance
fr: Cinq livres à lire absolument
fr: Avis honnête sur le livre viral
fr: Visite de ma bibliothèque
pt.bio: Resenhas de livros e indicações
pt.tags: livros leitura booktokbrasil
pt: Cinco livros que você precisa ler
pt: Resenha sincera do livro viral
pt: Tour pela minha estante
it.bio: Recensioni di libri
it.tags: libri lettura consiglidilettura
it: Cinque libri da leggere assolutamente
it: Recensione onesta del libro virale
it: Tour della mia libreria
ja.bio: 読書記録とおすすめ本
ja.tags: 読書 本 おすすめ本
ja: 絶対読んでほしい5冊
ja: 話題の本を正直レビュー
ja: 本棚紹介
ko.bio: 독서 기록과 책 추천
ko.tags: 책 독서 책추천
ko: 꼭 읽어야 할 책 다섯 권
ko: 화제의 책 솔직 리뷰
ko: 내 책장 소개
pl.bio: Recenzje książek i polecajki
pl.tags: książki czytanie booktokpolska
pl: Pięć książek, które musisz przeczytać
pl: Szczera recenzja głośnej książki
pl: Moja biblioteczka
nl.bio: Boekrecensies en tips
nl.tags: boeken lezen boekentips
nl: Vijf boeken die je moet lezen
nl: Eerlijke review van het virale boek
nl: Rondleiding langs mijn boekenkast
""",
    ),
    _niche(
        "art", ("art",), "painting, drawing and illustration", female=0.60, ages="young",
        near=("diy_home", "interior_design", "booktok"), words=("art", "draws", "paints", "studio"),
        show=("Art", "Studio", "Sketchbook"), emoji="🎨 🖌️ ✏️",
        text="""
en.bio: Painter and illustrator | Watercolour tutorials and sketchbook tours | Digital art and character design
en.tags: art artist painting drawing illustration watercolor sketchbook digitalart arttutorial procreate
en.items: watercolour landscape | portrait in oils | sketchbook spread | digital illustration | acrylic pour | charcoal study | mural | linocut print
en: {item} in {n} minutes, real time
en: Speedpaint: {item}
en: {item} tutorial for beginners
en: Sketchbook tour {n}
en: Turning your photos into art
en: Art supplies I regret buying
en: Day in my life as a full-time illustrator
en: Fixing my old {item}
en: Drawing every day for {n} days
de.bio: Malerin und Illustratorin
de.tags: kunst malen zeichnen illustration
de: Aquarell-Landschaft für Anfänger
de: Mein Skizzenbuch durchblättern
de: Ein Porträt in Öl malen
es.bio: Pintora e ilustradora
es.tags: arte pintura dibujo ilustracion
es: Paisaje en acuarela para principiantes
es: Tour por mi cuaderno de bocetos
es: Pintando un retrato al óleo
fr.bio: Peintre et illustratrice
fr.tags: art peinture dessin illustration
fr: Paysage à l'aquarelle pour débutants
fr: Visite de mon carnet de croquis
fr: Peindre un portrait à l'huile
pt.bio: Pintora e ilustradora
pt.tags: arte pintura desenho ilustracao
pt: Paisagem em aquarela para iniciantes
pt: Tour pelo meu sketchbook
pt: Pintando um retrato a óleo
it.bio: Pittrice e illustratrice
it.tags: arte pittura disegno illustrazione
it: Paesaggio ad acquerello per principianti
it: Sfogliamo il mio sketchbook
it: Dipingere un ritratto a olio
ja.bio: 絵描き・イラストレーター
ja.tags: イラスト 絵 水彩画
ja: 初心者向け水彩風景画
ja: スケッチブック紹介
ja: 油絵で肖像画を描く
ko.bio: 그림 그리는 일러스트레이터
ko.tags: 그림 일러스트 수채화
ko: 초보자를 위한 수채화 풍경
ko: 스케치북 투어
ko: 유화로 인물화 그리기
pl.bio: Malarka i ilustratorka
pl.tags: sztuka malarstwo rysunek
pl: Akwarelowy pejzaż dla początkujących
pl: Przeglądam mój szkicownik
pl: Maluję portret olejny
nl.bio: Schilder en illustrator
nl.tags: kunst schilderen tekenen
nl: Aquarel landschap voor beginners
nl: Mijn schetsboek doorbladeren
nl: Een portret schilderen in olieverf
""",
    ),
)

#: Niche key -> niche. Neighbouring niches (``near``) share vocabulary on purpose.
NICHES: dict[str, Niche] = {niche.key: niche for niche in _NICHE_LIST}
#: Every category a generated creator can carry.
CATEGORIES: tuple[str, ...] = tuple(
    dict.fromkeys(cat for niche in _NICHE_LIST for cat in niche.categories)
)

#: Off-topic "lifestyle" posts every creator makes now and then, per language.
GENERIC_CAPTIONS: dict[str, tuple[str, ...]] = {
    "en": ("Day in my life", "Storytime: the weirdest thing happened today",
           "Answering your questions, part 2", "GIVEAWAY time! Follow and comment to win",
           "Get ready with me for a night out", "Weekend vlog",
           "Trying the trend everyone is doing", "Thank you for all the love this year"),
    "de": ("Ein Tag in meinem Leben", "Storytime: Das ist mir heute passiert",
           "Eure Fragen, meine Antworten", "GEWINNSPIEL! Folgen und kommentieren"),
    "es": ("Un día en mi vida", "Storytime: lo que me pasó hoy",
           "Respondiendo vuestras preguntas", "¡SORTEO! Sígueme y comenta"),
    "fr": ("Une journée dans ma vie", "Storytime : ce qui m'est arrivé aujourd'hui",
           "Je réponds à vos questions", "CONCOURS ! Abonne-toi et commente"),
    "pt": ("Um dia na minha vida", "Storytime: o que aconteceu comigo hoje",
           "Respondendo perguntas de vocês", "SORTEIO! Siga e comente"),
    "it": ("Una giornata nella mia vita", "Storytime: cosa mi è successo oggi",
           "Rispondo alle vostre domande", "GIVEAWAY! Seguimi e commenta"),
    "ja": ("私の一日", "今日あった話", "質問コーナー", "プレゼント企画！フォローとコメントで応募"),
    "ko": ("나의 하루 브이로그", "오늘 있었던 일 썰", "질문 답변 Q&A", "이벤트! 팔로우하고 댓글 달기"),
    "pl": ("Dzień z mojego życia", "Storytime: co mi się dziś przydarzyło",
           "Odpowiadam na wasze pytania", "KONKURS! Obserwuj i skomentuj"),
    "nl": ("Een dag uit mijn leven", "Storytime: wat me vandaag overkwam",
           "Ik beantwoord jullie vragen", "WINACTIE! Volg en reageer"),
}
_GENERIC_TAGS = ("dayinmylife", "storytime", "vlog", "qna", "giveaway", "lifestyle")

#: Posts that make a creator unsafe for brands, by flag (English, as most such posts are).
RISKY_CAPTIONS: dict[str, tuple[str, ...]] = {
    "gambling": ("Big win on SpinVegas tonight, link in bio", "Casino stream: going all in",
                 "Use my code for free spins"),
    "profanity": ("This is so f***ing rigged", "Unfiltered rant, you have been warned",
                  "No bleep edition: my honest opinion"),
    "controversy": ("Responding to the drama (again)", "Why I'm not apologising",
                    "Exposing what really happened"),
    "alcohol": ("Trying every shot at the bar", "Beer pong tournament with the boys",
                "Wine tasting gone very wrong"),
}
_RISKY_TAGS = {
    "gambling": ("casino", "slots", "betting"), "profanity": ("uncensored", "rant"),
    "controversy": ("drama", "exposed", "tea"), "alcohol": ("drinks", "party", "shots"),
}
_NICHE_FLAGS: dict[str, tuple[str, ...]] = {
    "gaming": ("profanity", "gambling"), "comedy": ("profanity", "controversy", "alcohol"),
    "crypto_trading": ("gambling", "controversy"), "football": ("gambling", "alcohol"),
}
_DEFAULT_FLAGS = ("controversy", "profanity", "alcohol")

_SONGS = (
    "Midnight Drive - Neon Coast", "Golden Hour (sped up) - Lila Vey", "Paper Hearts - The Sundays Club",
    "Run It Back - KAYO", "Summer Static - Palm Avenue", "Lo-fi Morning - Quiet Rooms",
    "Electric Feel Good - Mara Jay", "Slow Burn - Ocean & Ash", "Cherry Soda - Bubblegum Riot",
    "Dance Like Nobody - DJ Finch", "Stay Up Late - Juno Park", "Velvet Sky - Aurora Lane",
    "Bassline Therapy - Kilo Kid", "Home Again - The Porch Lights", "Ciao Bella - Nico Sole",
    "Sakura Rain - Hikari", "Neon Seoul - ZERO9", "Acoustic Sunrise - Ellie Fern",
    "Epic Trailer Build - Studio Forge", "Funky Kitchen - The Groove Pots",
    "Hype Anthem - Big Tempo", "Calm Waters - Mira Sound", "Throwback Jam - 90s Club",
    "Viral Beat 2026 - Trendsetters",
)

_BRANDS: dict[str, tuple[str, ...]] = {
    "food": ("OatCo", "GreenBowl", "Nuttery", "SpiceRoute", "Crumb & Co", "FreshBox"),
    "fitness": ("IronFuel", "FlexWear", "PulseGym", "Protina", "LiftLab"),
    "sports": ("StrideRun", "GoalKick", "Sprintly", "Arena Sports"),
    "health-wellness": ("ZenLeaf", "Calmly", "Breathe Co", "Mindful Mat"),
    "skincare": ("DermaPure", "AquaVeil", "Dewlab", "SkinKind"),
    "beauty": ("GlowLab", "Lumi Cosmetics", "Velvet Muse", "Pout Studio"),
    "fashion": ("ThreadHaus", "Norte Denim", "Loop Vintage", "Kicks Avenue"),
    "gaming": ("PixelForge", "HyperKey", "Respawn Energy", "GG Chairs"),
    "tech": ("Voltix", "Nimbus Audio", "Orbit Phones", "Homely Smart"),
    "travel": ("Wanderly", "SkyHop Air", "StayNest", "Trailpack"),
    "outdoors": ("TrailPeak", "NorthCamp", "Summit Gear", "Wildfire Stoves"),
    "parenting": ("LittleSprout", "CuddleNest", "Tiny Steps", "BabyBloom"),
    "finance": ("Penny Bank", "NeoInvest", "Budgetly", "CoinNest"),
    "music": ("Soundwave Studio", "TuneBox", "Chord Guitars", "MicDrop Audio"),
    "dance": ("Groove Shoes", "MoveWear", "Studio Beat"),
    "comedy": ("SnackBox", "LOL Chips", "Fizzup Soda"),
    "pets": ("PawPal", "Whisker Co", "Happy Tails", "BarkBox Treats"),
    "diy": ("ToolCraft", "BuildRight", "PaintPro", "Timberline Tools"),
    "home": ("CasaLuz", "Hygge Home", "Nook Living", "LeafPot"),
    "education": ("Brainy", "StudyNest", "LingoLeap", "Curio Books"),
    "cars": ("Torque Motors", "AutoShine", "VoltDrive", "GripTyres"),
    "books": ("PageTurner", "Inkwell Press", "Novelty Reads"),
    "art": ("ColorNest", "Brushwork", "Canvas & Co"),
    "gambling": ("SpinVegas", "BetRush", "LuckyStar Casino"),
    "alcohol": ("HopHaus", "Vino Rosso", "Blue Agave Co"),
}

# --------------------------------------------------------------------------- countries


@dataclass(frozen=True)
class Country:
    """A creator home country: its languages, weight in the corpus and audience neighbours."""

    code: str
    languages: tuple[tuple[str, float], ...]
    weight: float
    neighbours: tuple[str, ...]
    cities: tuple[str, ...]
    names: str


def _country(code: str, langs: str, weight: float, neighbours: str, cities: str,
             names: str = "") -> Country:
    options = []
    for part in langs.split():
        lang, _, share = part.partition("=")
        options.append((lang, float(share or 1.0)))
    return Country(code, tuple(options), weight, tuple(neighbours.split()),
                   tuple(cities.split("|")), names)


#: Country code -> country. Languages are consistent with the country.
COUNTRIES: dict[str, Country] = {c.code: c for c in (
    _country("US", "en=0.9 es=0.1", 20, "CA MX GB AU", "New York|Los Angeles|Austin|Chicago|Miami"),
    _country("GB", "en", 7, "IE US AU CA", "London|Manchester|Bristol|Leeds"),
    _country("CA", "en=0.8 fr=0.2", 3, "US GB FR", "Toronto|Vancouver|Montréal"),
    _country("AU", "en", 3, "NZ GB US", "Sydney|Melbourne|Brisbane"),
    _country("IE", "en", 1, "GB US", "Dublin|Cork|Galway"),
    _country("IN", "en", 4, "AE US GB BD", "Mumbai|Bengaluru|Delhi", names="in"),
    _country("DE", "de", 8, "AT CH NL PL", "Berlin|Hamburg|München|Köln|Leipzig"),
    _country("AT", "de", 2, "DE CH IT", "Wien|Graz|Salzburg"),
    _country("CH", "de=0.7 fr=0.25 it=0.05", 2, "DE AT FR IT", "Zürich|Bern|Genève|Basel"),
    _country("ES", "es", 5, "MX AR FR PT", "Madrid|Barcelona|Valencia|Sevilla"),
    _country("MX", "es", 5, "US CO ES AR", "Ciudad de México|Guadalajara|Monterrey"),
    _country("AR", "es", 3, "UY CL ES MX", "Buenos Aires|Córdoba|Rosario"),
    _country("CO", "es", 2, "MX EC ES US", "Bogotá|Medellín|Cali"),
    _country("FR", "fr", 6, "BE CH CA MA", "Paris|Lyon|Marseille|Bordeaux|Lille"),
    _country("BE", "nl=0.6 fr=0.4", 2, "NL FR DE LU", "Brussel|Antwerpen|Gent|Liège"),
    _country("NL", "nl", 3, "BE DE GB", "Amsterdam|Rotterdam|Utrecht|Eindhoven"),
    _country("BR", "pt", 8, "PT US AR PY", "São Paulo|Rio de Janeiro|Belo Horizonte|Curitiba"),
    _country("PT", "pt", 2, "BR ES FR CH", "Lisboa|Porto|Braga"),
    _country("IT", "it", 5, "CH DE FR ES", "Milano|Roma|Napoli|Torino|Bologna"),
    _country("JP", "ja", 5, "TW KR US HK", "東京|大阪|福岡|札幌"),
    _country("KR", "ko", 4, "JP US TW VN", "서울|부산|인천"),
    _country("PL", "pl", 4, "DE GB UA IE", "Warszawa|Kraków|Wrocław|Gdańsk"),
)}
#: Where bought followers come from: a tell-tale audience for inflated accounts.
_BOT_COUNTRIES = ("ID", "BD", "PK", "NG", "EG", "VN", "PH", "IN")
_EN_WORLD = ("US", "GB", "CA", "AU", "IN", "DE", "PH")

_NAMES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "en": (("Emma", "Olivia", "Ava", "Mia", "Chloe", "Grace", "Lily", "Zoe", "Jack", "Liam",
            "Noah", "Ethan", "Mason", "Tyler", "Jordan", "Sam", "Alex", "Maya", "Jess", "Ryan",
            "Kate", "Ben", "Hannah", "Leo", "Ruby", "Oscar", "Isla", "Finn", "Nia", "Marcus"),
           ("Smith", "Johnson", "Brown", "Taylor", "Walker", "Hughes", "Nguyen", "Carter", "Reed",
            "Bennett", "Morgan", "Hayes", "Kelly", "Murphy", "Brooks", "Foster", "Price", "Ward",
            "Okafor", "Chen")),
    "in": (("Priya", "Arjun", "Ananya", "Rohan", "Aisha", "Vikram", "Kavya", "Rahul", "Sneha",
            "Aditya", "Isha", "Karan", "Meera", "Dev", "Tara", "Nikhil"),
           ("Sharma", "Patel", "Singh", "Gupta", "Iyer", "Reddy", "Kapoor", "Mehta", "Nair",
            "Das")),
    "de": (("Lena", "Hannah", "Mia", "Lea", "Sophie", "Marie", "Anna", "Jonas", "Lukas", "Felix",
            "Leon", "Paul", "Max", "Finn", "Emma", "Jana", "Tim", "Nils", "Clara", "Moritz"),
           ("Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Wagner", "Becker", "Hoffmann",
            "Koch", "Richter", "Wolf", "Krüger", "Braun", "Hahn")),
    "es": (("Lucía", "Sofía", "Martina", "Valentina", "Camila", "Paula", "Daniela", "Carmen",
            "Mateo", "Santiago", "Diego", "Javier", "Pablo", "Alejandro", "Andrés", "Hugo",
            "Elena", "Marta"),
           ("García", "Martínez", "López", "Sánchez", "Pérez", "Gómez", "Fernández", "Rodríguez",
            "Torres", "Ramírez", "Díaz", "Morales", "Ruiz", "Vega")),
    "fr": (("Léa", "Chloé", "Manon", "Camille", "Inès", "Jade", "Louise", "Lucas", "Hugo",
            "Louis", "Théo", "Nathan", "Gabriel", "Julien", "Clément", "Élodie", "Margaux",
            "Antoine"),
           ("Martin", "Bernard", "Dubois", "Thomas", "Robert", "Petit", "Durand", "Leroy",
            "Moreau", "Laurent", "Lefebvre", "Girard", "Fontaine", "Chevalier")),
    "pt": (("Ana", "Beatriz", "Júlia", "Larissa", "Camila", "Mariana", "Gabriela", "Letícia",
            "João", "Pedro", "Lucas", "Gabriel", "Rafael", "Thiago", "Bruno", "Matheus", "Inês",
            "Tiago"),
           ("Silva", "Santos", "Oliveira", "Souza", "Costa", "Pereira", "Almeida", "Ferreira",
            "Rodrigues", "Carvalho", "Lima", "Ribeiro", "Gomes", "Martins")),
    "it": (("Giulia", "Chiara", "Francesca", "Sara", "Martina", "Alessia", "Aurora", "Sofia",
            "Marco", "Luca", "Matteo", "Alessandro", "Lorenzo", "Davide", "Andrea", "Simone",
            "Elisa", "Federico"),
           ("Rossi", "Russo", "Ferrari", "Esposito", "Bianchi", "Romano", "Colombo", "Ricci",
            "Marino", "Greco", "Bruno", "Gallo", "Conti", "De Luca")),
    "ja": (("ゆい:yui", "さくら:sakura", "はると:haruto", "りく:riku", "あおい:aoi", "ひなた:hinata",
            "めい:mei", "そうた:sota", "ゆうき:yuki", "はな:hana", "れん:ren", "みお:mio",
            "けんた:kenta", "あかり:akari", "ゆな:yuna", "たくみ:takumi"),
           ("佐藤:sato", "鈴木:suzuki", "高橋:takahashi", "田中:tanaka", "渡辺:watanabe",
            "伊藤:ito", "山本:yamamoto", "中村:nakamura", "小林:kobayashi", "加藤:kato")),
    "ko": (("지우:jiwoo", "서연:seoyeon", "민준:minjun", "하은:haeun", "도윤:doyoon", "수아:sua",
            "예준:yejun", "지민:jimin", "서준:seojun", "하린:harin", "유나:yuna", "태민:taemin",
            "다은:daeun", "현우:hyunwoo"),
           ("김:kim", "이:lee", "박:park", "최:choi", "정:jung", "강:kang", "조:cho", "윤:yoon",
            "장:jang", "한:han")),
    "pl": (("Zuzanna", "Julia", "Maja", "Zofia", "Hanna", "Aleksandra", "Natalia", "Kacper",
            "Jakub", "Szymon", "Filip", "Mateusz", "Bartek", "Kasia", "Ola", "Wiktoria",
            "Łukasz", "Michał"),
           ("Nowak", "Kowalczyk", "Wiśniewska", "Wójcik", "Kamińska", "Lewandowski", "Zieliński",
            "Szymańska", "Dąbrowski", "Kozłowska", "Mazur", "Krawczyk")),
    "nl": (("Emma", "Julia", "Sanne", "Fleur", "Lotte", "Noor", "Sem", "Daan", "Lars", "Bram",
            "Jesse", "Thijs", "Tess", "Anouk", "Ruben", "Milan", "Femke", "Joris"),
           ("de Jong", "Jansen", "de Vries", "van Dijk", "Bakker", "Visser", "Smit", "Meijer",
            "de Boer", "Mulder", "Peeters", "Janssens")),
}

# --------------------------------------------------------------------------- truth


@dataclass(frozen=True)
class Latent:
    """What the generator knows about a creator and a ranker has to infer.

    ``quality`` is true content quality and audience genuineness in [0, 1];
    ``price_eur`` what one sponsored post really costs; ``inflated`` marks bought
    followers, views or engagement; ``unsafe`` a real brand-safety problem,
    flagged in the record or hidden in the content.
    """

    niche: str
    quality: float
    price_eur: float
    inflated: bool
    secondary_niche: str | None = None
    stale: bool = False
    unsafe: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {
            "niche": self.niche, "quality": self.quality, "price_eur": self.price_eur,
            "inflated": self.inflated, "secondary_niche": self.secondary_niche,
            "stale": self.stale, "unsafe": self.unsafe,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Latent:
        return cls(
            niche=str(data["niche"]), quality=float(data["quality"]),
            price_eur=float(data["price_eur"]), inflated=bool(data["inflated"]),
            secondary_niche=data.get("secondary_niche"), stale=bool(data.get("stale", False)),
            unsafe=bool(data.get("unsafe", False)),
        )


# --------------------------------------------------------------------------- knobs

INFLATED_SHARE = 0.05
STALE_SHARE = 0.05
FLAGGED_SHARE = 0.022  # times the niche's risk factor
HIDDEN_UNSAFE_SHARE = 0.006
SECONDARY_NICHE_SHARE = 0.25
#: Engagement rate (interactions per view) by log10(followers): the tier curve.
_ER_ANCHORS = ((3.6, 0.08), (4.5, 0.05), (5.35, 0.035), (5.85, 0.025), (6.2, 0.015))
_VIEW_RATIO = {"tiktok": 0.35, "instagram": 0.2, "youtube": 0.25}
_CPM_EUR = {"tiktok": 12.0, "instagram": 15.0, "youtube": 25.0}
_TIER_PREMIUM = ((1_000_000, 1.5), (500_000, 1.25), (100_000, 1.1), (10_000, 1.0), (0, 0.8))
_PLATFORM_TAGS = {
    "tiktok": ("fyp", "foryou", "foryoupage", "viral", "trending"),
    "instagram": ("reels", "explore", "instagood", "reelsinstagram"),
    "youtube": ("shorts", "youtubeshorts", "subscribe"),
}
_SPAM_TAGS = ("followforfollow", "like4like", "f4f", "viralvideo", "likeforlikes", "follow")
_NUMBERS = (3, 5, 7, 10, 12, 15, 20, 30)

_NICHE_KEYS = tuple(NICHES)
_NICHE_CUM = tuple(accumulate(NICHES[k].weight for k in _NICHE_KEYS))
_COUNTRY_KEYS = tuple(COUNTRIES)
_COUNTRY_CUM = tuple(accumulate(COUNTRIES[k].weight for k in _COUNTRY_KEYS))
_PLATFORMS = ("tiktok", "instagram", "youtube")
_PLATFORM_CUM = (0.75, 0.92, 1.0)
_ASCII = str.maketrans({"ł": "l", "Ł": "L", "ß": "ss", "ø": "o", "æ": "ae", "œ": "oe"})

# --------------------------------------------------------------------------- public API


def generate(n: int, seed: int) -> list[tuple[dict[str, Any], Latent]]:
    """``n`` JSON-ready v1 creator records (content nested) with their latent truth."""
    return list(iter_generate(n, seed))


def iter_generate(n: int, seed: int) -> Iterator[tuple[dict[str, Any], Latent]]:
    """Stream :func:`generate`'s output; memory stays flat for 100k+ creators."""
    if n < 0:
        raise ValueError(f"n must be >= 0, got {n}")
    used = _Used()
    for index in range(1, n + 1):
        rng = _Rng(f"scout-sample-data/{seed}/{index}")
        creator = _Creator(rng, index, used)
        record, latent = creator.build()
        _age_stale_record(record, latent, _Rng(f"scout-sample-data/freshness/{seed}/{index}"))
        # History draws from its own stream: adding it changed no earlier draw or text.
        history = _history(_Rng(f"scout-sample-data/{seed}/{index}/history"), record,
                           creator.truth)
        if history:
            record["history"] = history
        yield record, latent


#: Share of stale creators (no posts for 200-400 days) whose record the data provider
#: stopped refreshing too: ``updated_at`` falls to within weeks of their last post.
STALE_RECORD_SHARE = 0.7


def _age_stale_record(record: dict[str, Any], latent: Latent, rng: _Rng) -> None:
    """Make abandoned accounts' records old, as providers refresh inactive accounts
    rarely. Drawn from the creator's own second stream, so every other field (and all
    text) is byte-identical to a corpus made without it."""
    if not latent.stale or "updated_at" not in record or rng.random() >= STALE_RECORD_SHARE:
        return
    posted = [item["posted_at"] for item in record.get("content", ()) if item.get("posted_at")]
    if not posted:
        return
    newest = datetime.fromisoformat(max(posted).replace("Z", "+00:00"))
    days = (REFERENCE_DATE - newest).total_seconds() / 86_400.0
    record["updated_at"] = _days_before(max(0.0, days - rng.uniform(0.0, 30.0)))


def write_sample_data(
    out_dir: Path, n: int, seed: int, *, split_content: bool = False
) -> dict[str, Path]:
    """Write ``creators.jsonl`` (+ ``content.jsonl`` when split) and ``latent.jsonl``.

    Files are byte-identical for the same ``(n, seed)``: sorted keys, rounded
    floats, ``\\n`` line endings, UTF-8. Each file is written beside its target and
    renamed into place, so an interrupted run leaves no half-written file. A
    ``content.jsonl`` left by an earlier split run is removed when not splitting,
    so the directory never holds content twice.
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = {"creators": out_dir / "creators.jsonl"}
    if split_content:
        paths["content"] = out_dir / "content.jsonl"
    paths["latent"] = out_dir / "latent.jsonl"
    temps = {name: path.with_name(f".{path.name}.tmp") for name, path in paths.items()}
    handles = {name: temp.open("w", encoding="utf-8", newline="\n") for name, temp in temps.items()}
    try:
        for record, latent in iter_generate(n, seed):
            if split_content:
                for item in record.pop("content", []):
                    handles["content"].write(_dumps({"creator_id": record["id"], **item}))
            handles["creators"].write(_dumps(record))
            handles["latent"].write(_dumps({"creator_id": record["id"], **latent.to_dict()}))
    except BaseException:
        for name, handle in handles.items():
            handle.close()
            temps[name].unlink(missing_ok=True)
        raise
    for name, handle in handles.items():
        handle.close()
        temps[name].replace(paths[name])
    if not split_content:
        (out_dir / "content.jsonl").unlink(missing_ok=True)
    return paths


def load_latent(path: Path) -> dict[str, Latent]:
    """Read ``latent.jsonl`` back: creator id -> :class:`Latent`."""
    out: dict[str, Latent] = {}
    with Path(path).open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                data = json.loads(line)
                out[str(data["creator_id"])] = Latent.from_dict(data)
    return out


def _dumps(obj: dict[str, Any]) -> str:
    return json.dumps(obj, sort_keys=True, ensure_ascii=False) + "\n"


# --------------------------------------------------------------------------- helpers


def tier_engagement(followers: float) -> float:
    """The typical engagement rate (per view) at a follower count: falls with tier."""
    x = math.log10(max(followers, 1.0))
    if x <= _ER_ANCHORS[0][0]:
        return _ER_ANCHORS[0][1]
    for (x0, y0), (x1, y1) in pairwise(_ER_ANCHORS):
        if x <= x1:
            return y0 + (y1 - y0) * (x - x0) / (x1 - x0)
    return _ER_ANCHORS[-1][1]


def _premium(followers: float) -> float:
    for lower, premium in _TIER_PREMIUM:
        if followers >= lower:
            return premium
    return _TIER_PREMIUM[-1][1]


def _floor3(value: float) -> float:
    """Round down to 3 decimals so shares never add up past 1."""
    return math.floor(value * 1000.0) / 1000.0


def _ascii(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text.translate(_ASCII))
    return "".join(ch for ch in folded.lower() if ch.isascii() and ch.isalnum())


def _split_name(entry: str) -> tuple[str, str]:
    """``"ゆい:yui"`` -> (display, ascii); Latin names fold to ASCII themselves."""
    native, _, roman = entry.partition(":")
    return native, roman or _ascii(native)


@dataclass(frozen=True)
class _HistoryTruth:
    quality: float
    inflation: str | None  # "followers", "engagement", "views" or None
    stale: bool
    follower_boost: float  # current followers / genuine followers
    view_boost: float  # current views / genuine views


#: Share of creators without any history (their growth is unknown).
NO_HISTORY_SHARE = 0.12
#: Days between history snapshots.
HISTORY_STEP_DAYS = 14
#: Among creators who bought followers: the purchase falls inside the history window
#: (a spike without view growth); otherwise it predates it and leaves no spike.
SPIKE_IN_WINDOW_SHARE = 0.65
#: Genuine creators: a viral moment (followers and views jump together), and a
#: press/shout-out bump (followers up, views flat: an honest look-alike of a purchase).
VIRAL_SHARE, SHOUTOUT_SHARE = 0.08, 0.03


def _history(h: _Rng, record: dict[str, Any], truth: _HistoryTruth | None
             ) -> list[dict[str, Any]]:
    """Dated snapshots (followers, average views, posts) ending at the record's stats.

    Genuine accounts drift with a growth rate that leans weakly on quality (stale ones
    shrink); a few go viral (followers and views jump together) or get a shout-out
    (followers jump, views stay: an honest false alarm). Bought followers show as one or
    two jumps of followers without views, unless bought before the window; bought views
    show as a jump of views alone.
    """
    if truth is None or h.random() < NO_HISTORY_SHARE:
        return []
    followers, views = record.get("followers"), record.get("avg_views")
    if not followers or not views:
        return []
    steps = h.between(6, 16)
    updated = record.get("updated_at")
    end = (datetime.fromisoformat(updated.replace("Z", "+00:00")) if updated
           else REFERENCE_DATE - timedelta(days=h.uniform(0.0, 20.0)))
    monthly = h.gauss(0.015 + 0.03 * (truth.quality - 0.5), 0.02)
    if truth.stale:
        monthly = h.gauss(-0.015, 0.01)
    if truth.inflation is not None:
        monthly = h.gauss(-0.005, 0.005)  # bought audiences do not grow; bots get purged
    view_monthly = monthly + h.gauss(0.0, 0.02)
    per_step = HISTORY_STEP_DAYS / 30.0
    # log-changes from each snapshot to the next, oldest first
    f_steps = [monthly * per_step + h.gauss(0.0, 0.01) for _ in range(steps - 1)]
    v_steps = [view_monthly * per_step + h.gauss(0.0, 0.08) for _ in range(steps - 1)]
    event = h.random()
    at = h.between(0, steps - 2)
    if truth.inflation == "followers":
        if event < SPIKE_IN_WINDOW_SHARE:
            jump = math.log(truth.follower_boost)
            if h.random() < 0.3 and at + 1 < steps - 1:
                f_steps[at] += jump * 0.5
                f_steps[at + 1] += jump * 0.5
            else:
                f_steps[at] += jump
    elif truth.inflation == "views":
        if event < 0.5:
            v_steps[at] += math.log(truth.view_boost)
    elif truth.inflation is None:
        if event < VIRAL_SHARE:
            f_steps[at] += math.log(h.uniform(1.2, 1.8))
            v_steps[at] += math.log(h.uniform(1.6, 4.0))
        elif event < VIRAL_SHARE + SHOUTOUT_SHARE:
            f_steps[at] += math.log(h.uniform(1.2, 1.5))
    dates = [datetime.fromisoformat(c["posted_at"].replace("Z", "+00:00"))
             for c in record.get("content", [])]
    span = (max(dates) - min(dates)).days if len(dates) > 1 else 0
    cadence = max(1.0, span / (len(dates) - 1)) if len(dates) > 1 else 7.0
    posts_now = (len(dates) + round(steps * HISTORY_STEP_DAYS / cadence)
                 + h.between(10, 300))
    points: list[dict[str, Any]] = []
    f_back = v_back = 0.0
    for k in range(steps):  # newest first, walking back
        if k:
            f_back += f_steps[steps - 1 - k]
            v_back += v_steps[steps - 1 - k]
        if k and h.random() < 0.1:
            continue  # a missed snapshot
        days = k * HISTORY_STEP_DAYS
        points.append({
            "date": (end - timedelta(days=days)).date().isoformat(),
            "followers": max(1, round(followers * math.exp(-f_back))),
            "avg_views": max(1, round(views * math.exp(-v_back))),
            "posts": max(0, posts_now - round(days / cadence)),
        })
    return points[::-1]


def _days_before(days: float) -> str:
    """The moment ``days`` before :data:`REFERENCE_DATE` as ``2026-10-01T18:00:00Z``."""
    moment = REFERENCE_DATE - timedelta(seconds=int(days * 86_400))
    return moment.isoformat()[:-6] + "Z"  # whole seconds, so no microseconds to strip


class _Rng(random.Random):
    """``random.Random`` with integer draws built on ``random()`` alone.

    Faster than ``choice``/``randint``/``sample`` and independent of how a Python
    version implements them, so a seed gives the same corpus everywhere.
    """

    def pick(self, seq: Sequence[T]) -> T:
        return seq[int(self.random() * len(seq))]

    def between(self, low: int, high: int) -> int:
        """An int in ``[low, high]``, both inclusive."""
        return low + int(self.random() * (high - low + 1))

    def picks(self, seq: Sequence[T], k: int) -> list[T]:
        """``k`` distinct elements (fewer if ``seq`` is shorter), in draw order."""
        pool = list(seq)
        return [pool.pop(int(self.random() * len(pool))) for _ in range(min(k, len(pool)))]

    def mix(self, items: list[T]) -> None:
        """Shuffle in place (Fisher-Yates)."""
        for i in range(len(items) - 1, 0, -1):
            j = int(self.random() * (i + 1))
            items[i], items[j] = items[j], items[i]


def _poisson(rng: _Rng, lam: float) -> int:
    limit, k, p = math.exp(-lam), 0, rng.random()
    while p > limit:
        k += 1
        p *= rng.random()
    return k


def _dedupe(tags: list[str]) -> list[str]:
    return list(dict.fromkeys(tags))


@dataclass
class _Used:
    """Names already given out in this corpus (the only state shared across creators)."""

    handles: set[str] = field(default_factory=set)
    displays: set[str] = field(default_factory=set)


class _Creator:
    """Builds one creator from its own random stream (one use, then dropped)."""

    def __init__(self, rng: _Rng, index: int, used: _Used) -> None:
        self.rng = rng
        self.index = index
        self.cid = f"c_{index:06d}"
        self.used = used
        #: What :func:`_history` needs to know beyond the record (set by :meth:`build`).
        self.truth: _HistoryTruth | None = None

    # ---------------------------------------------------------------- the whole record
    def build(self) -> tuple[dict[str, Any], Latent]:
        rng = self.rng
        niche = NICHES[rng.choices(_NICHE_KEYS, cum_weights=_NICHE_CUM)[0]]
        country = COUNTRIES[rng.choices(_COUNTRY_KEYS, cum_weights=_COUNTRY_CUM)[0]]
        lang = self._primary_language(country)
        second = self._second_language(country, lang)
        platform = rng.choices(_PLATFORMS, cum_weights=_PLATFORM_CUM)[0]
        secondary = (
            NICHES[rng.pick(niche.near)] if rng.random() < SECONDARY_NICHE_SHARE else None
        )
        quality = rng.betavariate(3.0, 2.5)
        inflation: str | None = None
        if rng.random() < INFLATED_SHARE:
            inflation = rng.choices(("followers", "engagement", "views"), cum_weights=(5, 8, 10))[0]
            quality *= rng.uniform(0.3, 0.6)
        stale = rng.random() < STALE_SHARE
        shape = rng.random()
        no_audience = shape < 0.04
        no_bio = 0.04 <= shape < 0.065
        bio_only = 0.065 <= shape < 0.08
        tags_only = 0.08 <= shape < 0.10
        flag = self._flag(niche)
        hidden_risk = None
        if flag is None and rng.random() < HIDDEN_UNSAFE_SHARE * niche.risk:
            hidden_risk = rng.pick(_NICHE_FLAGS.get(niche.key, _DEFAULT_FLAGS))

        # reach and engagement: genuine numbers first, then what inflation fakes
        genuine = min(max(math.exp(rng.gauss(math.log(30_000), 1.55)), 800.0), 150_000_000.0)
        er = (tier_engagement(genuine) * niche.engagement * (0.7 + 0.6 * quality)
              * math.exp(rng.gauss(0.0, 0.25)))
        ratio = (_VIEW_RATIO[platform] * (genuine / 10_000) ** -0.1
                 * math.exp(rng.gauss(0.0, 0.45)) * (0.75 + 0.5 * quality))
        genuine_views = genuine * min(ratio, 3.0)
        views = genuine_views
        followers = genuine
        comment_rate = rng.uniform(0.012, 0.045) * (0.6 + 0.8 * quality)
        share_rate = rng.uniform(0.03, 0.10) * niche.share_rate
        if inflation == "followers":
            followers = genuine * rng.uniform(4.0, 15.0)
        elif inflation == "engagement":
            er = rng.uniform(0.12, 0.30)
            comment_rate, share_rate = rng.uniform(0.0005, 0.003), rng.uniform(0.001, 0.008)
        elif inflation == "views":
            views = genuine_views * rng.uniform(3.0, 8.0)
            er *= rng.uniform(0.08, 0.2)
            comment_rate, share_rate = rng.uniform(0.0005, 0.003), rng.uniform(0.001, 0.008)
        price = (max(60.0, _CPM_EUR[platform] * genuine_views / 1000.0) * _premium(genuine)
                 * math.exp(rng.gauss(0.0, 0.3)) * (0.8 + 0.4 * quality))
        if inflation:
            price *= rng.uniform(1.6, 3.0)

        categories = list(niche.categories)
        if secondary is not None:
            categories += [c for c in secondary.categories if c not in categories]
        languages = [lang] + ([second] if second else [])
        display, handle = self._identity(country, lang, niche)

        record: dict[str, Any] = {
            "id": self.cid, "platform": platform, "handle": handle, "display_name": display,
        }
        if not (no_bio or tags_only):
            record["bio"] = self._bio(niche, secondary, country, lang, second)
        record["country"] = country.code
        record["languages"] = languages
        if not tags_only:
            record["categories"] = categories
        record["followers"] = round(followers)

        content: list[dict[str, Any]] = []
        last_offset = rng.uniform(200.0, 400.0) if stale else 120.0 * rng.random() ** 1.5
        if not bio_only:
            risky = flag or hidden_risk
            content = self._content(
                niche, secondary, lang, second, platform, quality, views, er, comment_rate,
                share_rate, last_offset, risky, inflation is not None, captions=not tags_only,
            )
        if content:
            mean_views = statistics.fmean(item["views"] for item in content)
            rates = [(i["likes"] + i["comments"] + i["shares"]) / i["views"] for i in content]
            record["avg_views"] = round(mean_views)
            record["engagement_rate"] = round(
                min(1.0, statistics.median(rates) * rng.uniform(0.95, 1.05)), 4
            )
        else:
            record["avg_views"] = round(views)
            record["engagement_rate"] = round(min(1.0, er), 4)
        if not no_audience:
            record["audience"] = self._audience(niche, secondary, country, languages, inflation)
        record["brand_collaborations"] = self._collaborations(categories, followers, quality, flag)
        if flag:
            record["brand_safety_flags"] = [flag]
        record["content"] = content
        if rng.random() < 0.92:
            back = rng.uniform(0.0, min(20.0, last_offset))
            record["updated_at"] = _days_before(back)

        self.truth = _HistoryTruth(quality, inflation, stale, followers / genuine,
                                   views / genuine_views)
        latent = Latent(
            niche=niche.key, quality=round(quality, 4), price_eur=round(price, 2),
            inflated=inflation is not None, secondary_niche=secondary.key if secondary else None,
            stale=stale, unsafe=bool(flag or hidden_risk),
        )
        return record, latent

    # ---------------------------------------------------------------- languages and names
    def _primary_language(self, country: Country) -> str:
        if len(country.languages) == 1:
            return country.languages[0][0]
        langs = [lang for lang, _ in country.languages]
        return self.rng.choices(langs, weights=[w for _, w in country.languages])[0]

    def _second_language(self, country: Country, lang: str) -> str | None:
        r = self.rng.random()
        if lang != "en":
            bilingual = 0.55 if country.code in ("NL", "BE", "CH", "PT", "PL") else 0.33
            return "en" if r < bilingual else None
        second = {"US": ("es", 0.08), "CA": ("fr", 0.15), "IN": ("hi", 0.5)}.get(
            country.code, ("es", 0.03)
        )
        return second[0] if r < second[1] else None

    def _identity(self, country: Country, lang: str, niche: Niche) -> tuple[str, str]:
        """A display name (re-drawn a few times to avoid repeats) and a unique handle."""
        rng = self.rng
        firsts, lasts = _NAMES[country.names or lang]
        display = first_ascii = last_ascii = ""
        for _ in range(6):
            first, first_ascii = _split_name(rng.pick(firsts))
            last, last_ascii = _split_name(rng.pick(lasts))
            show = rng.pick(niche.show)
            r = rng.random()
            if lang in ("ja", "ko"):
                forms = (first, f"{last}{first}", first_ascii.capitalize(), f"{first} | {show}",
                         f"{last}{first} | {show}")
                display = forms[min(int(r * 5), 4)]
            elif r < 0.2:
                display = first
            elif r < 0.45:
                display = f"{first} {last}"
            elif r < 0.55:
                display = f"{first} {last[0]}."
            elif r < 0.7:
                display = f"{first} | {show}"
            elif r < 0.8:
                display = f"{first} • {show}"
            else:
                display = f"{first} {last} | {show}"
            if display not in self.used.displays:
                break
        self.used.displays.add(display)
        word = rng.pick(niche.handle_words)
        forms_ = [
            f"{first_ascii}.{word}", f"{first_ascii}{word}", f"{first_ascii}_{last_ascii}",
            f"{word}with{first_ascii}", f"the{first_ascii}{word}", f"{first_ascii}.{last_ascii}",
            f"{first_ascii}{last_ascii}.{word}", f"{word}.by.{first_ascii}",
        ]
        rng.mix(forms_)
        handle = next((f[:24] for f in forms_[:3] if f[:24] not in self.used.handles), "")
        while not handle or handle in self.used.handles:
            handle = f"{forms_[0][:20]}{rng.between(2, 9999)}"
            if handle in self.used.handles:
                handle = f"{forms_[0][:16]}.{self.index}"
        self.used.handles.add(handle)
        return display, f"@{handle}"

    def _bio(self, niche: Niche, secondary: Niche | None, country: Country, lang: str,
             second: str | None) -> str:
        rng = self.rng
        parts = [rng.pick(niche.bios.get(lang, niche.bios["en"]))]
        if second == "en" and rng.random() < 0.3:
            parts.append(rng.pick(niche.bios["en"]))
        if secondary is not None and rng.random() < 0.5:
            parts.append(rng.pick(secondary.bios.get(lang, secondary.bios["en"])))
        if rng.random() < 0.5:
            parts[0] = f"{parts[0]} {rng.pick(niche.emoji)}"
        if rng.random() < 0.35:
            parts.append(f"📍 {rng.pick(country.cities)}")
        if rng.random() < 0.2:
            parts.append("📩 collabs via DM")
        return " | ".join(parts)

    def _flag(self, niche: Niche) -> str | None:
        if self.rng.random() < FLAGGED_SHARE * niche.risk:
            return self.rng.pick(_NICHE_FLAGS.get(niche.key, _DEFAULT_FLAGS))
        return None

    # ---------------------------------------------------------------- content
    def _caption(self, niche: Niche, lang: str) -> str:
        rng = self.rng
        text = rng.pick(niche.captions.get(lang) or niche.captions["en"])
        if "{item}" in text:
            text = text.replace("{item}", rng.pick(niche.items))
        if "{n}" in text:
            text = text.replace("{n}", str(rng.pick(_NUMBERS)))
        return text[0].upper() + text[1:]

    def _content(
        self, niche: Niche, secondary: Niche | None, lang: str, second: str | None,
        platform: str, quality: float, avg_views: float, er: float, comment_rate: float,
        share_rate: float, last_offset: float, risky: str | None, inflated: bool, *,
        captions: bool,
    ) -> list[dict[str, Any]]:
        rng = self.rng
        count = rng.between(3, 12)
        on_topic = 0.6 + 0.35 * quality
        risky_at = rng.between(0, count - 1) if risky else -1
        cadence = rng.uniform(1.5, 12.0)
        offset = last_offset
        sigma = 0.55
        items: list[dict[str, Any]] = []
        for k in range(count, 0, -1):  # newest first; ids count up with time
            slot = count - k
            # what the post is about, in which language
            post_lang = second if second and rng.random() < 0.3 else lang
            if post_lang not in LANGUAGES:
                post_lang = "en"
            topic: Niche | None = niche
            if slot == risky_at or rng.random() >= on_topic:
                topic = None
            elif secondary is not None and rng.random() < 0.3:
                topic = secondary
            if slot == risky_at and risky is not None:
                caption = rng.pick(RISKY_CAPTIONS[risky])
                post_lang = "en"
                tags = list(rng.picks(_RISKY_TAGS[risky], 2))
            elif topic is None:
                generic = GENERIC_CAPTIONS[post_lang]
                caption = rng.pick(generic)
                tags = [rng.pick(_GENERIC_TAGS)]
            else:
                caption = self._caption(topic, post_lang)
                tags = []
                local = topic.tags.get(post_lang) if post_lang != "en" else None
                if local:
                    tags += rng.picks(local, min(len(local), rng.between(1, 3)))
                english = topic.tags["en"]
                tags += rng.picks(english, rng.between(1, 3) if local else rng.between(2, 5))
            if topic is not None and rng.random() < 0.45:
                caption = f"{caption} {rng.pick(topic.emoji)}"
            if rng.random() < 0.5:
                tags += rng.picks(_PLATFORM_TAGS[platform], rng.between(1, 2))
            if rng.random() < (0.8 if inflated else 0.35 * (1.0 - quality)):
                tags += rng.picks(_SPAM_TAGS, rng.between(1, 3))

            # numbers consistent with the creator's reach and engagement rate
            views = avg_views * math.exp(rng.gauss(-sigma * sigma / 2, sigma))
            if rng.random() < 0.04 * (0.5 + quality):
                views *= rng.uniform(4.0, 15.0)
            views_i = max(3, round(views))
            rate = min(0.6, er * math.exp(rng.gauss(0.0, 0.22)))
            interactions = views_i * rate
            comments = round(interactions * comment_rate)
            shares = round(interactions * share_rate)
            likes = max(0, round(interactions) - comments - shares)

            posted = _days_before(offset)
            offset += rng.expovariate(1.0 / cadence) + 0.1
            item: dict[str, Any] = {"id": f"v_{self.index:06d}_{k}"}
            if captions:
                item["caption"] = caption
            item["hashtags"] = _dedupe(tags)
            music = self._music(topic, platform)
            if music is not None:
                item["music"] = music
            if captions and topic is not None and rng.random() < (
                0.35 if platform == "youtube" else 0.08
            ):
                item["transcript"] = ". ".join(
                    self._caption(topic, post_lang) for _ in range(rng.between(2, 3))
                ) + "."
            if captions and rng.random() < 0.7:
                item["language"] = post_lang
            item["duration_s"] = self._duration(platform)
            item.update(views=views_i, likes=likes, comments=comments, shares=shares)
            item["posted_at"] = posted
            items.append(item)
        return items

    def _music(self, topic: Niche | None, platform: str) -> str | None:
        rng = self.rng
        r = rng.random()
        if platform == "youtube":
            return rng.pick(_SONGS) if r < 0.4 else None
        if topic is not None and topic.key == "dance":
            return rng.pick(_SONGS) if r < 0.85 else "original sound"
        if topic is not None and topic.key == "music_covers":
            return "original sound" if r < 0.7 else rng.pick(_SONGS)
        if r < 0.45:
            return "original sound"
        return rng.pick(_SONGS) if r < 0.9 else None

    def _duration(self, platform: str) -> int:
        rng = self.rng
        if platform == "youtube":
            if rng.random() < 0.4:
                return int(min(max(rng.lognormvariate(math.log(40), 0.4), 10), 60))
            return int(min(max(rng.lognormvariate(math.log(600), 0.6), 60), 3600))
        if platform == "instagram":
            return int(min(max(rng.lognormvariate(math.log(25), 0.5), 5), 180))
        return int(min(max(rng.lognormvariate(math.log(35), 0.6), 6), 600))

    # ---------------------------------------------------------------- audience and brands
    def _audience(self, niche: Niche, secondary: Niche | None, country: Country,
                  languages: list[str], inflation: str | None) -> dict[str, dict[str, float]]:
        rng = self.rng
        en_home = languages[0] == "en" and country.code in ("US", "GB", "CA", "AU", "IE")
        home = rng.uniform(0.35, 0.7) if en_home else rng.uniform(0.5, 0.88)
        shares: dict[str, float] = {country.code: home}
        rest = 1.0 - home
        neighbours = list(country.neighbours[: rng.between(1, len(country.neighbours))])
        if "en" in languages and languages[0] != "en":
            neighbours.append(rng.pick([c for c in _EN_WORLD if c != country.code]))
        if "es" in languages and country.code == "US":
            neighbours.insert(0, "MX")
        neighbours = [c for c in dict.fromkeys(neighbours) if c != country.code]
        weights = [rng.random() + 0.2 for _ in neighbours]
        budget = rest * rng.uniform(0.4, 0.85)
        total = sum(weights)
        scale = budget / total
        if weights and scale * max(weights) > 0.8 * home:  # home stays the largest audience
            scale = 0.8 * home / max(weights)
        for code, w in zip(neighbours, sorted(weights, reverse=True), strict=True):
            shares[code] = scale * w
        if inflation == "followers":
            bots = rng.uniform(0.3, 0.6)
            shares = {code: s * (1.0 - bots) for code, s in shares.items()}
            picked = rng.picks(_BOT_COUNTRIES, rng.between(2, 3))
            for code in picked:
                shares[code] = shares.get(code, 0.0) + bots / len(picked)
        countries = {code: _floor3(s) for code, s in shares.items() if _floor3(s) > 0}

        profile = AGE_PROFILES[niche.ages]
        draws = [rng.gammavariate(p * 40.0 + 0.05, 1.0) for p in profile]
        total = sum(draws)
        age = {b: _floor3(d / total) for b, d in zip(_AGE_BUCKETS, draws, strict=True) if _floor3(d / total) > 0}

        base = niche.female if secondary is None else 0.7 * niche.female + 0.3 * secondary.female
        female = min(0.98, max(0.02, base + rng.gauss(0.0, 0.08)))
        other = 0.0 if rng.random() < 0.7 else rng.uniform(0.005, 0.02)
        gender = {"female": _floor3(female), "male": _floor3(max(0.0, 1.0 - female - other))}
        if other:
            gender["other"] = _floor3(other)
        return {"countries": countries, "age": age, "gender": gender}

    def _collaborations(self, categories: list[str], followers: float, quality: float,
                        flag: str | None) -> list[dict[str, Any]]:
        rng = self.rng
        lam = max(0.0, math.log10(followers) - 3.3) * 0.55 * (0.5 + quality)
        count = min(4, _poisson(rng, lam))
        out: list[dict[str, Any]] = []
        for _ in range(count):
            if flag in ("gambling", "alcohol") and rng.random() < 0.5:
                category = flag
            elif rng.random() < 0.75:
                category = rng.pick(categories)
            else:
                category = rng.pick(CATEGORIES)
            day = (REFERENCE_DATE - timedelta(days=rng.between(20, 700))).date()
            out.append({"brand": rng.pick(_BRANDS[category]), "category": category,
                        "date": day.isoformat()})
        out.sort(key=lambda c: (c["date"], c["brand"]))
        return out
