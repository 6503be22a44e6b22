"""Payment providers: how an order is paid, and which status it starts in.

A provider is a small class registered by code. Cash on delivery and bank transfer ship with
SiteOps; an online provider (Alipay, WeChat Pay) would add a subclass whose ``start()`` returns
the redirect/QR details and whose webhook calls ``services.order_confirm_payment(source="system")``
after verifying the provider's signature. Nothing in the shop marks an order paid on the
customer's word: there is no "pay now" button without a real provider behind it.
"""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from .choices import OrderStatus, PaymentMethod


class PaymentProvider:
    code: str = ""
    label = ""
    # The status a new order starts in with this provider.
    initial_status: str = OrderStatus.PENDING_PAYMENT
    # Whether the stock reservation expires if the order stays unpaid.
    reservation_expires: bool = True
    # Template shown on the order page while the order waits for this provider.
    instructions_template: str = ""

    def instructions(self, order) -> dict:
        """Context for ``instructions_template`` (e.g. bank details, a payment link)."""
        return {}


class CashOnDelivery(PaymentProvider):
    code = PaymentMethod.COD
    label = PaymentMethod.COD.label
    initial_status = OrderStatus.COD_CONFIRMED
    reservation_expires = False
    instructions_template = "storefront/payments/cod.html"


class BankTransfer(PaymentProvider):
    code = PaymentMethod.BANK_TRANSFER
    label = PaymentMethod.BANK_TRANSFER.label
    initial_status = OrderStatus.PENDING_PAYMENT
    reservation_expires = True
    instructions_template = "storefront/payments/bank_transfer.html"

    def instructions(self, order) -> dict:
        conf = getattr(settings, "SITEOPS", {})
        return {
            "bank_name": conf.get("BANK_NAME", _("China Merchants Bank, Shanghai branch")),
            "account_name": conf.get("BANK_ACCOUNT_NAME", conf.get("SITE_NAME", "SiteOps")),
            "account_number": conf.get("BANK_ACCOUNT_NUMBER", "6225 0000 0000 0000"),
            "reference": order.number,
            "amount": order.total,
        }


_REGISTRY: dict[str, PaymentProvider] = {}


def register(provider: PaymentProvider) -> PaymentProvider:
    if not provider.code:
        raise ValueError("a payment provider needs a code")
    _REGISTRY[str(provider.code)] = provider
    return provider


def get(code: str) -> PaymentProvider | None:
    return _REGISTRY.get(code)


def choices() -> list[tuple[str, str]]:
    return [(code, p.label) for code, p in _REGISTRY.items()]


register(CashOnDelivery())
register(BankTransfer())
