from django.urls import path

import siteops.core.converters  # noqa: F401 - registers <id:…>

from .views import account, checkout, shop

app_name = "storefront"
urlpatterns = [
    path("", shop.home, name="home"),
    path("c/<slug:slug>/", shop.category, name="category"),
    path("p/<id:pk>/", shop.product, name="product"),
    path("search/", shop.search, name="search"),
    path("help/", shop.help_centre, name="help"),
    path("help/<slug:slug>/", shop.page, name="page"),
    path("t/<slug:slug>/", shop.topic, name="topic"),
    path("language/<str:code>/", shop.language, name="language"),
    path("cart/", checkout.cart_view, name="cart"),
    path("cart/add/", checkout.cart_add, name="cart_add"),
    path("cart/update/", checkout.cart_update, name="cart_update"),
    path("checkout/", checkout.checkout, name="checkout"),
    path("checkout/summary/", checkout.checkout_summary, name="checkout_summary"),
    path("account/", account.account, name="account"),
    path("account/register/", account.register, name="register"),
    path("account/login/", account.login, name="login"),
    path("account/logout/", account.logout, name="logout"),
    path("account/orders/<str:number>/", account.order_detail, name="order"),
    path("account/orders/<str:number>/cancel/", account.order_cancel, name="order_cancel"),
    path("account/orders/<str:number>/return/", account.order_return, name="order_return"),
    path("account/addresses/", account.addresses, name="addresses"),
    path("account/addresses/new/", account.address_edit, name="address_new"),
    path("account/addresses/<id:pk>/", account.address_edit, name="address_edit"),
    path("account/addresses/<id:pk>/delete/", account.address_delete, name="address_delete"),
]
