"""Factories with realistic multilingual data for the Django tests."""

from __future__ import annotations

import factory

from atazan.core.actors import SystemActor
from atazan.core.models import RoleAssignment, User

KAZAKH_NAMES = ["Айгерім Сәдуақасова", "Нұрлан Бекұлы", "Сәуле Оразбаева", "Ерлан Әбенов"]
RUSSIAN_NAMES = ["Анна Федорова", "Сергей Ким", "Дина Касымова", "Тимур Жаксылыков"]


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Iterator([n.split()[0] for n in KAZAKH_NAMES + RUSSIAN_NAMES])
    last_name = factory.Iterator([n.split()[1] for n in KAZAKH_NAMES + RUSSIAN_NAMES])
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.kz")
    password = factory.django.Password("correct horse battery")

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):  # type: ignore[no-untyped-def]
        for role in extracted or []:
            RoleAssignment.objects.create(user=self, role=role)
        self.__dict__.pop("_role_cache", None)


#: The actor of fixtures that set up data the way the demo loader or an
#: operator's command would.
SYSTEM = SystemActor("test fixture")
