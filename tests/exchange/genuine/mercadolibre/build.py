"""Writes ventas_2026_current.xlsx: the current "Ventas" layout (header on row 7, packs, the
split fee, ``Ciudad``, shipping dates without a year), invented sales and buyers.

Run from this folder: ``python3 build.py`` (the workbook is committed; this says how).
"""

from openpyxl import Workbook

HEADER = [
    "# de venta",
    "Fecha de venta",
    "Estado",
    "Descripción del estado",
    "Paquete de varios productos",
    "Pertenece a un kit",
    "Unidades",
    "Ingresos por productos (ARS)",
    "Cargo por venta",
    "Costo fijo",
    "Costo por ofrecer cuotas",
    "Ingresos por envío (ARS)",
    "Costos de envío (ARS)",
    "Costo de envío basado en medidas y peso declarados",
    "Cargo por diferencias en medidas y peso del paquete",
    "Impuestos",
    "Descuentos y bonificaciones",
    "Anulaciones y reembolsos (ARS)",
    "Total (ARS)",
    "Mes de facturación de tus cargos",
    "Venta por publicidad",
    "SKU",
    "# de publicación",
    "Canal de venta",
    "Título de la publicación",
    "Variante",
    "Precio unitario de venta de la publicación (ARS)",
    "Tipo de publicación",
    "Factura adjunta",
    "Datos personales o de empresa",
    "Tipo y número de documento",
    "Dirección",
    "Condición fiscal (IVA)",
    "Comprador",
    "DNI",
    "Domicilio",
    "Ciudad",
    "Estado",
    "Código postal",
    "País",
    "Forma de entrega",
    "Fecha en camino",
    "Fecha entregado",
    "Transportista",
    "Número de seguimiento",
    "URL de seguimiento",
    "Unidades",
    "Forma de entrega",
    "Fecha en camino",
    "Fecha entregado",
    "Transportista",
    "Número de seguimiento",
    "URL de seguimiento",
    "Revisado por Mercado Libre",
    "Fecha de revisión",
    "Dinero a favor",
    "Resultado",
    "Destino",
    "Motivo del resultado",
    "Unidades",
    "Reclamo abierto",
    "Reclamo cerrado",
    "Con mediación",
]


def row(**cells: object) -> list[object]:
    out: list[object] = [None] * len(HEADER)
    for name, value in cells.items():
        out[HEADER.index(name)] = value
    return out


def main() -> None:
    book = Workbook()
    sheet = book.active
    sheet.title = "Ventas AR"
    sheet.append(["Ventas"])
    sheet.append(["Periodo: 1 de mayo de 2026 al 31 de mayo de 2026"])
    sheet.append([])
    sheet.append(["En este reporte encontrarás la información de tus ventas."])
    sheet.append([])
    sheet.append([None, None, None, None, "Ventas", None, None, "Facturación"])
    sheet.append(HEADER)
    who = {
        "Comprador": "Martín Gómez Ñúñez",
        "Domicilio": "Av. Santa Fe 1234",
        "Ciudad": "Buenos Aires",
        "Código postal": "1059",
        "País": "Argentina",
    }
    sheet.append(
        row(
            **{
                **who,
                "# de venta": "2000009876543210",
                "Fecha de venta": "3 de mayo de 2026 14:32 hs.",
                "Estado": "Entregado",
                "Unidades": 1,
                "Ingresos por productos (ARS)": 25000,
                "Cargo por venta": -3250,
                "Costo fijo": -900,
                "Costo por ofrecer cuotas": -1500,
                "Ingresos por envío (ARS)": 0,
                "Costos de envío (ARS)": -2100,
                "Impuestos": -750,
                "Total (ARS)": 16500,
                "SKU": "MATE-CAL",
                "Título de la publicación": "Mate de calabaza con bombilla",
                "Precio unitario de venta de la publicación (ARS)": 25000,
                "Forma de entrega": "Mercado Envíos",
                "Fecha en camino": "4 de mayo | 10:15",
                "Fecha entregado": "6 de mayo | 18:40",
                "Transportista": "Correo Argentino",
            }
        )
    )
    # a pack: the money and the buyer on its own row, then its two item rows
    sheet.append(
        row(
            **{
                "# de venta": "2000011112222333",
                "Fecha de venta": "30 de mayo de 2026 23:59 hs.",
                "Estado": "Paquete de 2 productos",
                "Ingresos por productos (ARS)": 48000,
                "Cargo por venta": -6240,
                "Costo fijo": -1800,
                "Ingresos por envío (ARS)": 3500,
                "Costos de envío (ARS)": -3500,
                "Descuentos y bonificaciones": 500,
                "Total (ARS)": 40460,
                "Comprador": "Ana Lía Fernández",
                "Domicilio": "Calle 7 nº 880",
                "Ciudad": "La Plata",
                "Código postal": "1900",
                "País": "Argentina",
            }
        )
    )
    sheet.append(
        row(
            **{
                "# de venta": "2000011112222401",
                "Estado": "En camino",
                "Paquete de varios productos": "Sí",
                "Unidades": 2,
                "SKU": "YERBA-1K",
                "Título de la publicación": "Yerba mate 1 kg",
                "Precio unitario de venta de la publicación (ARS)": 9000,
                "Forma de entrega": "Mercado Envíos",
                "Fecha en camino": "1 de junio | 00:56",
                "Transportista": "Andreani",
                "Número de seguimiento": "360002345678",
            }
        )
    )
    sheet.append(
        row(
            **{
                "# de venta": "2000011112222402",
                "Estado": "En camino",
                "Paquete de varios productos": "Sí",
                "Unidades": 1,
                "SKU": "TERMO-INOX",
                "Título de la publicación": "Termo acero 1 l",
                "Variante": "Negro",
                "Precio unitario de venta de la publicación (ARS)": 30000,
                "Forma de entrega": "Mercado Envíos",
                "Fecha en camino": "1 de junio | 00:56",
                "Transportista": "Andreani",
                "Número de seguimiento": "360002345678",
            }
        )
    )
    sheet.append(
        row(
            **{
                "# de venta": "2000012223334444",
                "Fecha de venta": "20 de mayo de 2026 09:05 hs.",
                "Estado": "Cancelada por el comprador",
                "Unidades": 1,
                "Ingresos por productos (ARS)": 12000,
                "Cargo por venta": -1560,
                "Anulaciones y reembolsos (ARS)": -10440,
                "Total (ARS)": 0,
                "SKU": "BOMB-01",
                "Título de la publicación": "Bombilla de alpaca",
                "Precio unitario de venta de la publicación (ARS)": 12000,
                "Comprador": "Joaquín D'Alessandro",
                "Ciudad": "Rosario",
                "País": "Argentina",
            }
        )
    )
    book.save("ventas_2026_current.xlsx")


if __name__ == "__main__":
    main()
