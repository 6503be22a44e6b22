from django.conf import settings


def site(request):
    conf = settings.SITEOPS
    return {
        "SITE_NAME": conf["SITE_NAME"],
        "ICP_FILING_NUMBER": conf["ICP_FILING_NUMBER"],
        "PSB_FILING_NUMBER": conf["PSB_FILING_NUMBER"],
    }
