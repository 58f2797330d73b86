using System.Text.Json;

namespace Catalogue.Api.Hosting;

/// <summary>
/// A command that keeps what it leaves out, as a correction of a provenance reference or a translation credit does. In
/// such a command a <c>null</c> would read as left out: the field the archivist meant to correct would stay as it was
/// while the answer said the correction was taken, and with nothing else named the refusal would name another field.
/// </summary>
public interface IKeepsWhatItLeavesOut;

public static class LeftOutFields
{
    /// <summary>The fields of the body's object given as <c>null</c>, each refused by its name as sent.</summary>
    public static List<(string Field, string Message)> NullsIn(ReadOnlySpan<byte> json)
    {
        var nulls = new List<(string Field, string Message)>();
        var reader = new Utf8JsonReader(json);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return nulls;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var field = reader.GetString()!;
            reader.Read();
            if (reader.TokenType == JsonTokenType.Null && !Says(field))
                nulls.Add((field, "must not be null: a correction keeps what it leaves out, so leave the field out to keep it, or send its corrected value."));
            reader.Skip();
        }

        return nulls;
    }

    /// <summary>The reason and the version are not values corrected: their own rules say what a null lacks.</summary>
    private static bool Says(string field) =>
        field.Equals("reason", StringComparison.OrdinalIgnoreCase) || field.Equals("version", StringComparison.OrdinalIgnoreCase);
}
