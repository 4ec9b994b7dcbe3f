"""Printable credential letters, for ``intercoop-credentials letters``: one page per voter with
their code and how to vote, for the voters the credential authority cannot email.

Like the rest of the tool it imports no Django, so its words in English, French and Spanish are
here rather than in the platform's catalogues: the authority runs it on their own computer,
where the platform's compiled catalogues may not be. The file is plain HTML with its own print
stylesheet (every browser prints it, one letter per page, in any script).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from html import escape
from typing import Any

LANGUAGES = ("en", "fr", "es")

TEXTS: dict[str, dict[str, str]] = {
    "en": {
        "document": "Credential letters: {title}",
        "screen": (
            "{n} letter(s). SECRET: each code lets its holder vote in the voter's name. Print "
            "this page (one letter per sheet), put each letter in a sealed envelope, hand it "
            "out or post it, then destroy this file and every copy."
        ),
        "heading": "Your voting credential",
        "for": "For",
        "voter": "Voter number",
        "election": "Vote",
        "code": "Your credential code",
        "how": "How to vote",
        "step_open": "Open the voting booth at this address (you need no account):",
        "step_account": (
            "If you have an account on the platform, sign in first: the page then leads you "
            "to your own booth."
        ),
        "step_code": (
            "Type your code where the booth asks for “Your credential”. It stays on your "
            "device: it signs your ballot and is never sent."
        ),
        "step_cast": (
            "Choose, encrypt your ballot, then cast it. Note its tracker: you will find it on "
            "the vote's public bulletin board."
        ),
        "secret": "Keep this code secret",
        "secret_text": (
            "Whoever holds this code can vote in your name. Show it to no one, and destroy "
            "this letter once the vote has closed. If the vote lets you change your vote, "
            "your last ballot counts."
        ),
        "from": (
            "This letter was printed by the vote's credential authority on their own "
            "computer: the platform never saw your code."
        ),
    },
    "fr": {
        "document": "Lettres de code de vote : {title}",
        "screen": (
            "{n} lettre(s). SECRET : chaque code permet à qui le détient de voter au nom de "
            "l'électeur. Imprimez cette page (une lettre par feuille), mettez chaque lettre "
            "sous enveloppe cachetée, remettez-la ou postez-la, puis détruisez ce fichier et "
            "toute copie."
        ),
        "heading": "Votre code de vote",
        "for": "Pour",
        "voter": "Numéro d'électeur",
        "election": "Vote",
        "code": "Votre code",
        "how": "Comment voter",
        "step_open": "Ouvrez l'isoloir à cette adresse (aucun compte n'est nécessaire) :",
        "step_account": (
            "Si vous avez un compte sur la plateforme, connectez-vous d'abord : la page vous "
            "mène alors à votre propre isoloir."
        ),
        "step_code": (
            "Saisissez votre code là où l'isoloir demande « Votre code de vote ». Il reste sur "
            "votre appareil : il signe votre bulletin et n'est jamais envoyé."
        ),
        "step_cast": (
            "Choisissez, chiffrez votre bulletin, puis déposez-le. Notez son empreinte de suivi : "
            "vous la retrouverez sur le tableau d'affichage public du vote."
        ),
        "secret": "Gardez ce code secret",
        "secret_text": (
            "Qui détient ce code peut voter en votre nom. Ne le montrez à personne, et "
            "détruisez cette lettre une fois le vote clos. Si le vote permet de changer "
            "d'avis, votre dernier bulletin compte."
        ),
        "from": (
            "Cette lettre a été imprimée par l'autorité des codes de vote sur son "
            "propre ordinateur : la plateforme n'a jamais vu votre code."
        ),
    },
    "es": {
        "document": "Cartas de código de voto: {title}",
        "screen": (
            "{n} carta(s). SECRETO: cada código permite a quien lo tenga votar en nombre del "
            "votante. Imprima esta página (una carta por hoja), ponga cada carta en un sobre "
            "cerrado, entréguela o envíela por correo, y luego destruya este archivo y toda "
            "copia."
        ),
        "heading": "Su código de voto",
        "for": "Para",
        "voter": "Número de votante",
        "election": "Votación",
        "code": "Su código",
        "how": "Cómo votar",
        "step_open": "Abra la cabina de votación en esta dirección (no necesita cuenta):",
        "step_account": (
            "Si tiene una cuenta en la plataforma, inicie sesión primero: la página le lleva "
            "entonces a su propia cabina."
        ),
        "step_code": (
            "Escriba su código donde la cabina pide «Su código de voto». Se queda en su "
            "dispositivo: firma su papeleta y nunca se envía."
        ),
        "step_cast": (
            "Elija, cifre su papeleta y luego emítala. Anote su huella de seguimiento: la "
            "encontrará en el tablón público de la votación."
        ),
        "secret": "Mantenga este código en secreto",
        "secret_text": (
            "Quien tenga este código puede votar en su nombre. No se lo muestre a nadie y "
            "destruya esta carta cuando la votación haya cerrado. Si la votación permite "
            "cambiar el voto, cuenta su última papeleta."
        ),
        "from": (
            "Esta carta la imprimió la autoridad de códigos de voto de la votación en su propio "
            "ordenador: la plataforma nunca vio su código."
        ),
    },
}

STYLE = """
body { font-family: "DejaVu Sans", "Noto Sans", Arial, sans-serif; color: #000; margin: 0; }
.screen { margin: 1rem; padding: 1rem; border: 2px solid #a00; }
.letter { padding: 2rem; max-width: 40rem; }
.letter + .letter { border-top: 1px dashed #666; }
.code { font-family: "DejaVu Sans Mono", monospace; font-size: 1.25rem; font-weight: bold;
  letter-spacing: 0.05em; padding: 0.75rem; border: 2px solid #000; overflow-wrap: anywhere; }
.url { font-family: "DejaVu Sans Mono", monospace; overflow-wrap: anywhere; }
.small { font-size: 0.85rem; }
@page { margin: 2cm; }
@media print {
  .screen { display: none; }
  .letter { padding: 0; max-width: none; break-after: page; page-break-after: always; }
  .letter + .letter { border-top: none; }
}
"""


def _e(text: object) -> str:
    return escape(str(text), quote=True)


def letter_html(
    rows: Sequence[Mapping[str, Any]], *, title: str, booth_url: str, language: str
) -> str:
    """The letters of ``rows`` (``{"voter", "name", "email", "college", "code"}``), one per page,
    in ``language``, as one HTML document."""
    t = TEXTS[language]
    letters = []
    for row in rows:
        name = row["name"] or "—"
        letters.append(
            f"""<section class="letter" id="voter-{_e(row["voter"])}">
<h1>{_e(t["heading"])}</h1>
<p>{_e(t["for"])}: <strong class="name">{_e(name)}</strong><br>
{_e(t["voter"])}: <span class="voter">{_e(row["voter"])}</span><br>
{_e(t["election"])}: <strong>{_e(title)}</strong></p>
<h2>{_e(t["code"])}</h2>
<p class="code">{_e(row["code"])}</p>
<h2>{_e(t["how"])}</h2>
<ol>
<li>{_e(t["step_open"])}<br><span class="url">{_e(booth_url)}</span><br>{_e(t["step_account"])}</li>
<li>{_e(t["step_code"])}</li>
<li>{_e(t["step_cast"])}</li>
</ol>
<h2>{_e(t["secret"])}</h2>
<p>{_e(t["secret_text"])}</p>
<p class="small">{_e(t["from"])}</p>
</section>"""
        )
    return f"""<!DOCTYPE html>
<html lang="{_e(language)}">
<head>
<meta charset="utf-8">
<meta name="robots" content="noindex">
<title>{_e(t["document"].format(title=title))}</title>
<style>{STYLE}</style>
</head>
<body>
<p class="screen">{_e(t["screen"].format(n=len(rows)))}</p>
{chr(10).join(letters)}
</body>
</html>
"""
