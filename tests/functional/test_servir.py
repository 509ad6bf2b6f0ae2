"""« apprendre servir »: a real server on a free local port, a real headless browser, and visits
driven through the server's protocol, checked on the learners' files."""

from __future__ import annotations

import asyncio
import os
import sys
import time
import urllib.request
from pathlib import Path

import aiohttp
import pytest
from web_driver import Browser, Server, alive, chromium, tab

from apprendre.cli.servir import WARNING, is_loopback
from apprendre.storage import Depot

FIXTURES = Path(__file__).parent.parent / "fixtures" / "bibliotheque"
ROOT = Path(__file__).resolve().parent.parent.parent
WELCOME = ("Je commence", "Je reviens", "Juste essayer")

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="the test server's visits are POSIX processes")


@pytest.fixture
def server(tmp_path: Path):  # type: ignore[no-untyped-def]
    running = Server(FIXTURES, tmp_path / "donnees", "--visites-max", "2")
    yield running
    running.stop()


def test_la_page_est_en_francais_et_ne_demande_rien_ailleurs(server: Server) -> None:
    with urllib.request.urlopen(server.url + "/") as response:
        page = response.read().decode()
        policy = response.headers["Content-Security-Policy"]
    assert '<html lang="fr">' in page and "<title>apprendre</title>" in page
    assert "googleapis" not in page and "https://" not in page and "http://" not in page
    assert "default-src 'self'" in policy


@pytest.mark.skipif(chromium() is None, reason="Chromium n'est pas installé : .ci/run l'installe (apt-get install chromium)")
async def test_un_vrai_navigateur_affiche_les_trois_boutons(server: Server, tmp_path: Path) -> None:
    browser = Browser(chromium() or "")
    try:
        await browser.open()
        await browser.send("Page.navigate", url=server.url + "/")
        await browser.wait_for_text(*WELCOME)
        assert await browser.evaluate("document.title") == "apprendre"
        assert await browser.evaluate("document.documentElement.lang") == "fr"
        assert await browser.evaluate("document.body.classList.contains('-first-byte')")
        await browser.key("e")  # « Juste essayer »
        await browser.wait_for_text("Choisissez un module", "Premier module")
        await asyncio.sleep(1)  # the last frame reaches the canvas
        captures = Path(os.environ.get("APPRENDRE_CAPTURES", tmp_path))
        picture = await browser.screenshot(captures / "navigateur-catalogue.png")
        assert picture.startswith(b"\x89PNG") and len(picture) > 10_000
        outside = [url for url in browser.requests
                   if not url.startswith((server.url, server.url.replace("http", "ws"), "data:", "about:"))]
        assert outside == [], "the page asked something outside the server"
    finally:
        await browser.close()


async def test_une_visite_par_le_protocole_puis_l_onglet_ferme(server: Server, tmp_path: Path) -> None:
    async with tab(server) as visit:
        await visit.wait_for(*WELCOME)
        await visit.press("c")
        await visit.wait_for("Choisissez un pseudo")
        await visit.type("Zoé")
        await visit.wait_for("Zoé")
        await visit.press("enter")
        visit.forget()
        await visit.type("1234")
        await visit.wait_for("••••")
        await visit.press("enter")  # the same code, a second time
        visit.forget()
        await visit.type("1234")
        await visit.wait_for("••••")
        visit.forget()
        await visit.press("enter")
        await visit.wait_for("Choisissez un module")
        visit.forget()
        await visit.press("enter")
        await visit.wait_for("Les leçons")
        visit.forget()
        await visit.press("c")
        await visit.wait_for("Page 1 sur 2")
        await visit.press("right")
        await visit.wait_for("Page 2 sur 2")
        [pid] = server.visit_pids()
        assert alive(pid)
    # the tab is closed: the visit ends like « J'ai terminé »
    server.wait_log("Fin d'une visite")
    depot = Depot(tmp_path / "donnees")
    [apprenant_id] = depot.ids()
    apprenant = depot.load(apprenant_id)
    assert apprenant.pseudo == "Zoé"
    assert {(p.lecon, p.page) for p in apprenant.progression.pages} == {("01-machines", 1), ("01-machines", 2)}
    [visite] = apprenant.progression.visites
    assert visite.fin >= visite.debut
    assert not list((tmp_path / "donnees" / "verrous").glob("*.ouvert")), "the pseudonym is still taken"
    assert not alive(pid), "the visit's process is still there"
    # the same learner can come back at once, in another tab
    async with tab(server) as again:
        await again.wait_for(*WELCOME)
        await again.press("r")
        await again.wait_for("Je reviens")
        await again.type("Zoé")
        await again.wait_for("Zoé")
        await again.press("enter")
        again.forget()
        await again.type("1234")
        await again.wait_for("••••")
        again.forget()
        await again.press("enter")
        await again.wait_for("Choisissez un module")


async def test_une_rafale_d_onglets_et_un_navigateur_qui_disparait(server: Server, tmp_path: Path) -> None:
    """Two visits at most here: the third tab is told so in French; a browser that vanishes while
    its visit saves leaves a good file, a free pseudonym, and a server that goes on."""
    async with tab(server) as first, tab(server) as second:
        await first.wait_for(*WELCOME)
        await second.wait_for(*WELCOME)
        async with aiohttp.ClientSession() as session:
            async with session.ws_connect(server.url.replace("http", "ws") + "/ws") as third:
                message = await third.receive(timeout=30)
                assert "Trop de visites en même temps" in message.data.decode()
        with urllib.request.urlopen(server.url + "/") as response:
            assert "Trop de visites en même temps" in response.read().decode()
        await second.press("c")
        await second.wait_for("Choisissez un pseudo")
        await second.type("Léo")
        await second.wait_for("Léo")
        await second.press("enter")
        await second.press("enter")  # no code: signs in, the file is being written…
        second.websocket._conn.transport.abort()  # …and the browser is gone, without a word
        server.wait_log("Fin d'une visite")
    server.wait_log("Fin d'une visite", count=2)
    deadline = time.monotonic() + 40
    while any(alive(pid) for pid in server.visit_pids()):
        assert time.monotonic() < deadline, "a visit's process outlived its tab"
        await asyncio.sleep(0.2)
    assert server.process.poll() is None
    depot = Depot(tmp_path / "donnees")
    for apprenant_id in depot.ids():
        assert depot.load(apprenant_id).pseudo == "Léo"
    assert not list((tmp_path / "donnees" / "verrous").glob("*.ouvert"))
    async with tab(server) as after:
        await after.wait_for(*WELCOME)


def test_hote_reseau_previent_en_francais() -> None:
    assert is_loopback("127.0.0.1") and is_loopback("localhost") and is_loopback("::1")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.1.10")
    said = WARNING.format(hote="0.0.0.0", port=8000)
    assert "pas chiffrée" in said and "N'importe quel appareil" in said and "pare-feu" in said


@pytest.mark.parametrize("argv", [["--kiosque", "servir"], ["servir", "--kiosque"]])
def test_kiosque_vaut_pour_chaque_visite(argv: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    from apprendre.cli import main as cli
    from apprendre.tui.web import server as web

    started = []
    monkeypatch.setattr(web, "serve", lambda arguments, host, port, most: started.append((arguments, host, port, most)))
    assert cli.main(["--donnees", str(tmp_path / "d"), *argv]) == 0
    [(arguments, host, port, most)] = started
    assert "--kiosque" in arguments and arguments[arguments.index("--donnees") + 1] == str((tmp_path / "d").resolve())
    assert (host, port, most) == ("127.0.0.1", 8000, 20)
    assert "Attention" not in capsys.readouterr().out


def test_hote_du_reseau_affiche_l_avertissement(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    from apprendre.cli import main as cli
    from apprendre.tui.web import server as web

    monkeypatch.setattr(web, "serve", lambda *args: None)
    assert cli.main(["--donnees", str(tmp_path / "d"), "servir", "--hote", "0.0.0.0", "--port", "8080"]) == 0
    out = capsys.readouterr().out
    assert "Attention : apprendre est joignable par tout le réseau, à l'adresse http://0.0.0.0:8080." in out
    assert "pas chiffrée" in out and "pare-feu" in out
