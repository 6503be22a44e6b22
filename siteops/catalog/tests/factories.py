"""Factories for catalogue tests (traits instead of fixture files)."""

from decimal import Decimal

import factory

from siteops.catalog.models import SKU, Brand, Category, Product


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category

    name = factory.Sequence(lambda n: f"分类{n}")
    name_en = factory.Sequence(lambda n: f"Category {n}")
    slug = factory.Sequence(lambda n: f"cat-{n}")

    @factory.post_generation
    def fix_path(obj, create, extracted, **kwargs):
        parent = obj.parent
        obj.path = (parent.path if parent else "") + f"{obj.pk:07d}/"
        obj.depth = parent.depth + 1 if parent else 0
        Category.objects.filter(pk=obj.pk).update(path=obj.path, depth=obj.depth)


class BrandFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Brand

    name = factory.Sequence(lambda n: f"品牌{n}")
    slug = factory.Sequence(lambda n: f"brand-{n}")


class ProductFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Product

    code = factory.Sequence(lambda n: f"SPU{n:05d}")
    title = factory.Sequence(lambda n: f"测试商品{n}")
    category = factory.SubFactory(CategoryFactory)
    status = "draft"
    in_stock = True

    class Params:
        published = factory.Trait(status="published")
        deleted = factory.Trait(status="deleted", previous_status="published")


class SKUFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SKU

    product = factory.SubFactory(ProductFactory)
    code = factory.Sequence(lambda n: f"SKU{n:06d}")
    barcode = factory.Sequence(lambda n: f"69{n:011d}")
    spec = factory.LazyFunction(lambda: {"颜色": "红", "尺码": "M"})
    price = Decimal("100.00")
    cost = Decimal("60.00")
    stock_on_hand = 10


def product_with_sku(*, status="published", **sku_kwargs) -> SKU:
    sku = SKUFactory(product__status=status, **sku_kwargs)
    from siteops.catalog.services import products_refresh

    products_refresh([sku.product_id])
    sku.product.refresh_from_db()
    return sku
