"""Two small companion apps deployed next to the main one (DELIBERATELY INSECURE: see README.md).

`ops` serves metrics to the monitoring system, `webhooks` receives payment notifications. Each is its
own WSGI app with its own (weak) idea of security headers.
"""
from flask import Flask, jsonify, request
from flask_talisman import Talisman

ops = Flask("ops")
# Talisman with its generic default policy, and the HTTPS redirect switched off.
Talisman(ops, force_https=False)


@ops.route("/metrics")
def metrics():
    return jsonify(requests_total=0)


webhooks = Flask("webhooks")


@webhooks.after_request
def add_hsts(response):
    # Only HSTS: no nosniff, no frame protection.
    response.headers["Strict-Transport-Security"] = "max-age=31536000"
    return response


@webhooks.route("/payments", methods=["POST"])
def payment_event():
    event = request.get_json(silent=True) or {}
    return jsonify(received=event.get("id"))
