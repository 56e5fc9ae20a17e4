"""Documents and printing: shipping labels (PDF 4×6 or A4, ZPL), invoices, packing slips and
pick lists, written atomically and sent to CUPS with ``lp`` when a printer is set.

Everything here reads orders through the store's unit of work and records a printed label with
the domain action :func:`orderdesk.domain.fulfilment.label_printed`; no business rule lives here.
"""
