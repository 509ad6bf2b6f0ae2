"""``apprendre servir``: the app in the browsers of the site's own network (one visit per tab)."""

from __future__ import annotations

import argparse
import ipaddress

from apprendre.storage.locations import cours_folder, donnees_folder

DEFAULT_PORT = 8000
VISITES_MAX = 20
"""Simultaneous visits by default: measured in docs/pour-tous.md (memory and response time)."""

WARNING = """\
Attention : apprendre est joignable par tout le réseau, à l'adresse http://{hote}:{port}.
- La connexion n'est pas chiffrée : les pseudos et les codes tapés passent en clair sur le réseau.
- N'importe quel appareil de ce réseau peut ouvrir une visite et essayer un pseudo.
Pour limiter : ne le faites que sur le réseau interne de la médiathèque, jamais sur un wifi public ;
réservez le port {port} aux postes prévus avec le pare-feu de la machine (par exemple
« ufw allow from ADRESSE-DU-POSTE to any port {port} ») ; ou placez devant un serveur web en HTTPS.
Sans --hote, apprendre n'écoute que ce poste (127.0.0.1)."""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--hote", metavar="ADRESSE", default="127.0.0.1",
                        help="adresse où écouter (par défaut 127.0.0.1 : ce poste seulement ; "
                        "0.0.0.0 : tout le réseau, sans chiffrement)")
    parser.add_argument("--port", type=int, default=DEFAULT_PORT, help=f"port (par défaut {DEFAULT_PORT})")
    parser.add_argument("--visites-max", type=int, default=VISITES_MAX, metavar="N",
                        help=f"visites en même temps, au plus (par défaut {VISITES_MAX})")
    parser.add_argument("--kiosque", action="store_true", default=argparse.SUPPRESS,
                        help="aucune touche ne ferme une visite (comme apprendre --kiosque)")


def run(args: argparse.Namespace) -> int:
    from apprendre.tui.web.server import serve

    if not is_loopback(args.hote):
        print(WARNING.format(hote=args.hote, port=args.port), flush=True)
    arguments = ["--cours", str(cours_folder(args.cours, args.donnees).resolve()),
                 "--donnees", str(donnees_folder(args.donnees).resolve())]
    if args.kiosque:
        arguments.append("--kiosque")
    try:
        serve(arguments, args.hote, args.port, max(1, args.visites_max))
    except OSError as error:
        print(f"Le serveur ne peut pas démarrer sur {args.hote}:{args.port} : {error.strerror or error}. "
              "Ce port est peut-être déjà pris : essayez --port 8001.")
        return 1
    return 0


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
