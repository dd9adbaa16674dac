"""The clinic admin's page to upload the clinic's licensed wording."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from measures.models import InstrumentWording

URL = "/clinic/instrument-wording/"


def upload(client, text):
    file = SimpleUploadedFile("wording.csv", text.encode("utf-8"), content_type="text/csv")
    return client.post(URL, {"file": file})


def srs_file(clinic="Clinic A"):
    return "clinic,instrument,language,item,text\n" + "".join(f"{clinic},srs,en,{n},Text {n}\n" for n in range(1, 5))


def test_a_clinic_admin_loads_the_wording_of_their_clinic(world, login):
    client = login(world.admin)
    assert client.get(URL).status_code == 200
    response = upload(client, srs_file())
    assert response.status_code == 302
    assert InstrumentWording.objects.filter(clinic=world.clinic, instrument="srs", language="en").count() == 4
    page = client.get(URL).content.decode()
    assert "<td>srs</td><td>en</td><td>4</td>" in page


def test_a_clinic_admin_cannot_load_wording_for_another_clinic(world, login):
    client = login(world.admin)
    client.cookies["django_language"] = "en"
    response = upload(client, srs_file(clinic="Clinic Z"))
    assert response.status_code == 200
    assert (
        "Line 2: clinic must be &#x27;Clinic A&#x27;, your clinic, not &#x27;Clinic Z&#x27;."
        in response.content.decode()
    )
    assert not InstrumentWording.objects.exists()


def test_a_bad_upload_names_the_line_and_loads_nothing(world, login):
    client = login(world.admin)
    response = upload(client, srs_file().replace("en,3,Text 3", "en,9,Text 3"))
    assert response.status_code == 200
    assert "Line 4" in response.content.decode()
    assert not InstrumentWording.objects.exists()


@pytest.mark.parametrize("user", ["therapist_a", "supervisor", "other_therapist"])
def test_the_wording_page_is_404_for_anyone_but_a_clinic_admin(world, login, user):
    client = login(getattr(world, user))
    assert client.get(URL).status_code == 404
    assert upload(client, srs_file()).status_code == 404
    assert not InstrumentWording.objects.exists()
