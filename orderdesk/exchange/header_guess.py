"""Which template field an unknown file's column most likely holds, from its header.

The mapping screen starts each column on this guess (the seller confirms or changes it):
the template's own field names, and the headers sellers' spreadsheets and small shops'
exports use for them, in English, Spanish and Portuguese. A header matched by nothing is
left unimported rather than guessed at; so is a word that means two things (``estado`` is
a status in Spanish and a state in Portuguese).
"""

from __future__ import annotations

import re

from orderdesk.domain.search_key import fold
from orderdesk.exchange.generic import NAMES

_SAID: dict[str, tuple[str, ...]] = {
    "order_id": (
        "order id", "order number", "order no", "order", "order ref", "order reference",
        "transaction id", "pedido", "numero de pedido", "n de pedido", "no de pedido",
        "nro de pedido", "id del pedido", "numero de venta", "no de venta", "n de venta",
        "venta", "orden", "numero do pedido",
    ),
    "created_at": (
        "order date", "date", "created", "created at", "date created", "placed at",
        "purchase date", "sale date", "fecha", "fecha de venta", "fecha del pedido",
        "fecha de compra", "data", "data do pedido", "data da venda",
    ),
    "paid_at": ("paid", "paid at", "paid on", "payment date", "fecha de pago", "data do pagamento"),
    "status": ("status", "order status", "fulfillment status", "estado del pedido"),
    "payment": ("payment", "payment status", "financial status", "estado del pago", "pago"),
    "buyer_name": (
        "customer", "customer name", "buyer", "buyer name", "name", "full name", "client",
        "cliente", "comprador", "nombre", "nombre del comprador", "nome", "nome do cliente",
    ),
    "buyer_email": ("email", "e mail", "email address", "customer email", "buyer email",
                    "correo", "correo electronico"),
    "buyer_phone": ("phone", "phone number", "telephone", "tel", "mobile", "telefono",
                    "celular", "telefone"),
    "ship_name": ("ship to name", "shipping name", "recipient", "recipient name",
                  "destinatario", "nombre del destinatario"),
    "ship_line1": (
        "address", "address 1", "address line 1", "street", "street address",
        "shipping address", "ship address", "ship to address", "direccion", "calle",
        "endereco", "rua",
    ),
    "ship_line2": ("address 2", "address line 2", "apartment", "suite", "complemento"),
    "ship_city": ("city", "town", "ship city", "shipping city", "ciudad", "localidad",
                  "cidade"),
    "ship_region": ("state", "province", "region", "county", "ship state", "provincia",
                    "uf"),
    "ship_postal_code": (
        "zip", "zip code", "zipcode", "postal code", "postcode", "post code", "ship zip",
        "ship postal code", "codigo postal", "cp", "cep",
    ),
    "ship_country": ("country", "country code", "ship country", "shipping country", "pais"),
    "currency": ("currency", "currency code", "moneda", "moeda"),
    "sku": ("sku", "product sku", "item sku", "seller sku", "product code", "item code",
            "codigo", "referencia"),
    "title": (
        "product", "product name", "item", "item name", "item title", "title",
        "description", "producto", "articulo", "descripcion", "produto",
    ),
    "variant": ("variant", "variation", "option", "options", "variante", "variacion"),
    "quantity": ("qty", "quantity", "units", "qty ordered", "quantity ordered", "cantidad",
                 "unidades", "quantidade"),
    "unit_price": ("price", "unit price", "item price", "price each", "precio",
                   "precio unitario", "preco", "preco unitario"),
    "shipping": ("shipping", "shipping price", "shipping charged", "postage", "envio",
                 "costo de envio", "frete"),
    "tax": ("tax", "taxes", "vat", "sales tax", "iva", "impuesto", "impuestos"),
    "discount": ("discount", "discount amount", "descuento", "desconto"),
    "total": ("total", "order total", "grand total", "total amount", "importe total"),
    "fee": ("fee", "fees", "commission", "marketplace fee", "comision", "tarifa", "taxa"),
    "refunded": ("refunded", "refund", "refund amount", "reembolso", "reembolsado"),
    "ship_by": ("ship by", "ship by date", "dispatch by", "ship before", "expected ship date"),
    "shipped_at": ("shipped", "shipped at", "ship date", "shipped on", "fecha de envio",
                   "data de envio"),
    "delivered_at": ("delivered", "delivered at", "delivery date", "fecha de entrega"),
    "carrier": ("carrier", "shipping carrier", "shipping provider", "courier", "transportista",
                "transportadora"),
    "tracking_number": (
        "tracking", "tracking number", "tracking no", "tracking code", "tracking id",
        "numero de seguimiento", "codigo de rastreo", "codigo de rastreio",
    ),
    "tracking_url": ("tracking url", "tracking link"),
    "note": ("note", "notes", "comment", "comments", "memo", "nota", "notas", "observaciones"),
}  # fmt: skip

_FIELD_OF: dict[str, str] = {said: name for name, words in _SAID.items() for said in words}


def _words(header: str) -> str:
    """``Order Date``, ``order_date``, ``ORDER-DATE:`` and ``Órder date`` alike."""
    return " ".join(re.sub(r"[^0-9a-z]+", " ", fold(header)).split())


def guess_field(header: str) -> str | None:
    """The template field ``header`` names, or None when it is not clear."""
    words = _words(header)
    if words.replace(" ", "_") in NAMES:
        return words.replace(" ", "_")
    return _FIELD_OF.get(words)
