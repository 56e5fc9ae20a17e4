"""The rules of the desk: stages, money, stock, tracking, deadlines, the journal and actions.

Knows nothing of Textual, files, printers or the terminal; actions receive a unit of work.
"""
