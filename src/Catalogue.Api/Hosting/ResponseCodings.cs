using Microsoft.AspNetCore.ResponseCompression;

namespace Catalogue.Api.Hosting;

/// <summary>
/// The long answers — a catalogue exported as JSON lines (hundreds of MB), an OAI-PMH harvest's pages, a report as CSV —
/// are compressed for a client that sends <c>Accept-Encoding: gzip</c> or <c>br</c> (ASP.NET's response compression,
/// at its fastest levels: two cores serve the writes too). Not the JSON of the API, whose answers are short and read
/// from a stored document as it is, nor EAD and Dublin Core, whose strong ETags name one representation each.
/// </summary>
public static class ResponseCodings
{
    public static readonly string[] Compressed = ["application/x-ndjson", "text/xml", "text/csv"];

    public static void Configure(ResponseCompressionOptions options)
    {
        options.MimeTypes = Compressed;
        options.Providers.Add<BrotliCompressionProvider>();
        options.Providers.Add<GzipCompressionProvider>();
    }
}
