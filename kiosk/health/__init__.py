"""The health check (健康码查验): camera, QR decoding, colour, verifiers, temperature, mask, decision.

Kivy-free. Payloads, names, ID and phone numbers stay in memory for one check
only; the outcome store keeps time, kind, colour, decision, reason and kiosk.
"""
