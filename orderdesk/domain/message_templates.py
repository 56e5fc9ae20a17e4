"""The usual messages to a buyer, written once in the languages the desk's buyers read:
payment reminder, shipped with tracking, delay, review request — in Spanish, Portuguese,
English and Chinese. Placeholders: ``{buyer}`` (the buyer's name), ``{order}`` (the order as
the buyer knows it: the channel's number) and ``{tracking}`` (the tracking link). The ship-to
country picks the language first offered."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from orderdesk.domain.tracking import find_carrier

LANGUAGES = {"es": "Español", "pt": "Português", "en": "English", "zh": "中文"}

#: Countries whose buyers are written to in Spanish, Portuguese or Chinese; others in English.
_SPANISH = frozenset("AR BO CL CO CR CU DO EC ES GT HN MX NI PA PE PR PY SV UY VE".split())
_PORTUGUESE = frozenset({"BR", "PT", "AO", "MZ"})
_CHINESE = frozenset({"CN", "TW", "HK", "MO", "SG"})


def language_for(country: str | None) -> str:
    """The language a buyer shipping to ``country`` is written to first (BR → pt,
    AR/MX/ES → es, CN → zh, anything else → en)."""
    code = (country or "").strip().upper()
    if code in _PORTUGUESE:
        return "pt"
    if code in _SPANISH:
        return "es"
    if code in _CHINESE:
        return "zh"
    return "en"


@dataclass(frozen=True)
class Template:
    key: str
    title: str
    texts: dict[str, str]  # language → text with placeholders
    needs_tracking: bool = False


TEMPLATES: dict[str, Template] = {
    t.key: t
    for t in (
        Template(
            "payment-reminder",
            "Payment reminder",
            {
                "es": "Hola {buyer}, te recordamos que el pago de tu pedido {order} todavía "
                "está pendiente. En cuanto se acredite, lo preparamos y enviamos. ¡Gracias!",
                "pt": "Olá {buyer}, lembramos que o pagamento do seu pedido {order} ainda está "
                "pendente. Assim que for confirmado, preparamos e enviamos. Obrigado!",
                "en": "Hello {buyer}, a reminder that the payment for your order {order} is "
                "still pending. As soon as it is confirmed we will prepare and ship it. "
                "Thank you!",
                "zh": "{buyer}您好，您的订单 {order} 尚未付款。"
                "付款确认后我们会立即备货并发货。谢谢！",
            },
        ),
        Template(
            "shipped",
            "Shipped, with tracking",
            {
                "es": "Hola {buyer}, ¡tu pedido {order} ya fue despachado! Podés seguir el "
                "envío aquí: {tracking}",
                "pt": "Olá {buyer}, seu pedido {order} já foi enviado! Acompanhe a entrega "
                "aqui: {tracking}",
                "en": "Hello {buyer}, your order {order} has shipped! You can follow it "
                "here: {tracking}",
                "zh": "{buyer}您好，您的订单 {order} 已发货！物流跟踪：{tracking}",
            },
            needs_tracking=True,
        ),
        Template(
            "delay",
            "Delay",
            {
                "es": "Hola {buyer}, lamentamos informarte que tu pedido {order} se va a "
                "demorar unos días más de lo previsto. Te avisamos apenas salga. "
                "Disculpá las molestias.",
                "pt": "Olá {buyer}, infelizmente seu pedido {order} vai atrasar alguns dias "
                "além do previsto. Avisaremos assim que for enviado. Desculpe o transtorno.",
                "en": "Hello {buyer}, we are sorry: your order {order} will take a few days "
                "longer than expected. We will let you know as soon as it ships. "
                "Apologies for the wait.",
                "zh": "{buyer}您好，很抱歉，您的订单 {order} 将比预计晚几天发出。"
                "发货后我们会第一时间通知您。给您带来不便，敬请谅解。",
            },
        ),
        Template(
            "review",
            "Review request",
            {
                "es": "Hola {buyer}, esperamos que tu pedido {order} haya llegado bien. "
                "Si te gustó, ¿nos dejarías una calificación? ¡Nos ayuda muchísimo!",
                "pt": "Olá {buyer}, esperamos que seu pedido {order} tenha chegado bem. "
                "Se gostou, poderia nos deixar uma avaliação? Ajuda muito!",
                "en": "Hello {buyer}, we hope your order {order} arrived safely. If you are "
                "happy with it, would you leave us a review? It helps a lot!",
                "zh": "{buyer}您好，希望您的订单 {order} 已顺利收到。如果满意，"
                "欢迎给我们留个好评，非常感谢！",
            },
        ),
    )
}


def tracking_link(row: Mapping[str, object]) -> str | None:
    """The order's tracking link: the one stored, else its carrier's template applied to the
    number (the same template the tracking action stores), else the bare number."""
    stored = row.get("tracking_url")
    if stored:
        return str(stored)
    number = str(row.get("tracking_number") or "")
    if not number:
        return None
    carrier = find_carrier(str(row.get("carrier") or ""))
    return carrier.url(number) if carrier is not None else number


def offered(row: Mapping[str, object]) -> list[Template]:
    """The templates that can be filled for this order (shipped needs a tracking number)."""
    has_tracking = tracking_link(row) is not None
    return [t for t in TEMPLATES.values() if has_tracking or not t.needs_tracking]


def fill(key: str, language: str, row: Mapping[str, object]) -> str:
    """The template ``key`` in ``language``, its placeholders filled from the order."""
    template = TEMPLATES[key]
    return template.texts[language].format(
        buyer=row.get("buyer_name") or "",
        order=row.get("external_id") or f"#{row.get('id')}",
        tracking=tracking_link(row) or "",
    )
