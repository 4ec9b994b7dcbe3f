"""A closing's result is stored as its canonical JSON text (a text column, no longer JSON), so
the digest beside it is the SHA-256 of exactly the stored bytes. Existing results are rewritten
as that text: sorted keys, no spaces, ASCII, as ``closing.codec`` writes it; their digests, the
SHA-256 of that same text, do not change."""

import json

from django.db import migrations, models


def _canonical(apps, schema_editor):
    CycleClosing = apps.get_model("exchange", "CycleClosing")
    for pk, result in CycleClosing.objects.values_list("pk", "result").iterator():
        text = json.dumps(
            json.loads(result), sort_keys=True, separators=(",", ":"), ensure_ascii=True
        )
        if text != result:
            CycleClosing.objects.filter(pk=pk).update(result=text)


class Migration(migrations.Migration):
    dependencies = [
        ("exchange", "0003_order_cycles_and_traceability"),
    ]

    operations = [
        migrations.AlterField(
            model_name="cycleclosing",
            name="result",
            field=models.TextField(),
        ),
        # Back to JSON, the canonical text is read as the same values: nothing to undo.
        migrations.RunPython(_canonical, migrations.RunPython.noop),
    ]
