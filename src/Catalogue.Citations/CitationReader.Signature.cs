namespace Catalogue.Citations;

// Archives that cite by shelf mark (SAPMO-BArch signatures).
internal sealed partial class CitationReader
{
    /// <summary>"SAPMO-BArch, DY 30/3508": the first text with a digit is the shelf mark.</summary>
    private void InterpretSignature(Draft draft)
    {
        for (var i = 0; i < parts.Count && draft.Signature is null; i++)
        {
            if (text.AsSpan(parts[i].Start, parts[i].End - parts[i].Start).IndexOfAnyInRange('0', '9') >= 0)
            {
                draft.Signature = Slice(parts[i]);
                parts[i] = parts[i] with { Used = true };
            }
        }
    }
}
