namespace Catalogue.Citations;

// Keyed locators, the Russian shape above all (f./op./d./ll., AVPRF por./pap.), and every other key (Year, Issue, RG, box, lot…).
internal sealed partial class CitationReader
{
    private void Apply(Draft draft, in Item item)
    {
        var value = item.Tidied ?? text[item.ValueStart..item.ValueEnd];
        switch (item.Field)
        {
            case Field.Fond: draft.Fond ??= value; break;
            case Field.Opis: draft.Opis ??= value; break;
            case Field.Delo: draft.Delo ??= value; break;
            case Field.Poryadok: draft.Poryadok ??= value; break;
            case Field.Papka: draft.Papka ??= text[item.ValueStart..item.ValueEnd]; break;
            case Field.Folios: draft.Folios ??= value; break;
            case Field.Pages: draft.Pages ??= value; break;
            case Field.RecordGroup: draft.RecordGroup ??= value; break;
            case Field.Box: draft.Box ??= value; break;
            case Field.Folder: draft.Folder ??= value; break;
            case Field.Series: draft.Series ??= value; break;
            case Field.Year: draft.Year ??= value; break;
            case Field.Issue: draft.Issue ??= value; break;
            case Field.Country: draft.Country ??= value; break;
            case Field.Signature: draft.Signature ??= value; break;
            case Field.FileNumber: draft.FileNumber ??= value; break;
            // "Lot 85 D 240" and "Job 80–B01285A" keep their word; an FRC accession is the number alone.
            case Field.Lot or Field.Job: draft.Lot ??= text[item.Start..item.ValueEnd]; break;
            case Field.Frc: draft.Lot ??= value; break;
        }
    }
}
