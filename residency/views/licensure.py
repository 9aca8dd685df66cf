"""State licensure limits: for every state on record, whether the applicant's own USMLE
attempts keep them within its limits; for the states they follow, the Step 3 date."""

from django.contrib import messages
from django.shortcuts import redirect, render

from applicants.decorators import applicant_page
from core import clock, forms

from ..forms.licensure import FollowedStatesForm
from ..selectors import licensure as selectors
from ..services import licensure as services


@applicant_page
def licensure(request, applicant):
    limits = selectors.state_limits()
    followed = selectors.followed_states(request.user, applicant)
    form = FollowedStatesForm(request.POST or None, initial={"states": followed},
                              choices=[(row.state, row.name) for row in limits])
    if request.method == "POST" and form.is_valid() and forms.saved(
            form, services.save_followed_states, applicant=applicant):
        messages.success(request, "The states you follow are saved.")
        return redirect("residency:licensure")
    rows = selectors.state_standings(request.user, applicant, limits, clock.today())
    return render(request, "residency/licensure.html", {
        "applicant": applicant, "form": form, "rows": rows,
        "followed": [(row, standing) for row, standing in rows if row.state in followed],
    })
