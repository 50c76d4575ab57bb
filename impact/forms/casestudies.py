"""Forms for case studies: the story and what it is linked to."""

from django import forms

from cocreation.lib.pickers import PickerFormMixin, PickManyField, PickOneField
from community.models import CoCreator

from ..models import CaseStudy


class CaseStudyForm(PickerFormMixin, forms.ModelForm):
    cocreator = PickOneField(
        kind="people",
        label="Co-creator",
        search_label="Search for a co-creator by name or email",
        help_text="The person whose story this is, if it is about one person.",
        required=False,
        empty_label="No one in particular",
    )
    impact_records = PickManyField(
        kind="impact-records",
        label="Linked impact records",
        search_label="Search for an impact record by its title",
        help_text="The changes this story shows. Choose all that apply.",
        required=False,
    )

    class Meta:
        model = CaseStudy
        fields = ["title", "story", "cocreator", "impact_records"]
        labels = {"title": "Title", "story": "The story"}
        error_messages = {
            "title": {"required": "Enter a title"},
            "story": {"required": "Write the story"},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.cocreator_id:
            # Keep the person the story is about even if they have since left.
            people = self.fields["cocreator"].queryset
            named = CoCreator.objects.filter(pk=self.instance.cocreator_id)
            self.fields["cocreator"].queryset = (people | named).order_by("full_name", "pk")
