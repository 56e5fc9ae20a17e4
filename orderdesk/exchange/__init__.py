"""Orders in and out: marketplace imports, the month-end workbook, CSV (DESIGN §6–7).

- :func:`orderdesk.exchange.imports.read_orders` reads a Shopify, Amazon, Mercado Libre, Etsy,
  eBay, TikTok Shop or template file (or any layout through a saved
  :mod:`~orderdesk.exchange.mapping`); :func:`orderdesk.services.importing.import_file`
  upserts its orders in one transaction.
- :func:`orderdesk.exchange.workbook.export_workbook` writes the month's workbook (or CSV).
- :func:`orderdesk.exchange.template.write_template` writes the generic import template.
- :mod:`orderdesk.exchange.status_map` is the one table of channel statuses → desk states.
"""

#: The import formats a seller may name (``auto`` detects the file's); one parser each in
#: ``imports.PARSERS``. Here, apart, so the command line and the desk can offer them without
#: loading the import's code (SQLModel).
FORMATS = ("auto", "shopify", "amazon", "mercadolibre", "etsy", "ebay", "tiktok", "generic")
