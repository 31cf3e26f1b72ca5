from renstra.models import Organisation


def _demo_data_present() -> bool:
    return Organisation.objects.filter(demo_data=True).exists()


def demo_data(request) -> dict:
    """`demo_data_present`: some office holds demo realisations (read when a template asks)."""
    return {"demo_data_present": _demo_data_present}
