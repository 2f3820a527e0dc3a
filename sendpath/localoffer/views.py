from django.http import HttpResponse


def _todo(request, *args, **kwargs):
    return HttpResponse("")


home = results = service = shortlist = manage = service_new = service_manage = service_edit = (
    service_confirm
) = _todo
