"""Self-service kiosk of a public legal service centre (公共法律服务中心自助终端)."""

__version__ = "0.1.0"
