from datetime import date

import factory
from allauth.account.models import EmailAddress

from applicants.models import Applicant, User

PASSWORD = "correct-horse-battery-9"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.com")
    role = User.Role.APPLICANT
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def verified(self, create, extracted, **kwargs):
        """A verified primary email, as allauth expects after sign-up (verified=False to skip)."""
        self.save()
        if create and extracted is not False:
            EmailAddress.objects.create(user=self, email=self.email, verified=True, primary=True)


class AdvisorFactory(UserFactory):
    role = User.Role.ADVISOR


class StaffFactory(UserFactory):
    is_staff = True
    is_superuser = True


class ApplicantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Applicant

    user = factory.SubFactory(UserFactory)
    legal_name = factory.Sequence(lambda n: f"Applicant Number{n}")
    citizenships = ["IN"]
    school_country = "IN"
    school_name = "Grant Government Medical College"
    graduation_date = date(2023, 5, 31)
    target_match_year = 2028
