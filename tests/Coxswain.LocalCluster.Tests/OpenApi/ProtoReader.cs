using System.Buffers.Binary;
using System.Text;

namespace Coxswain.LocalCluster.Tests.OpenApi;

/// <summary>A tiny protobuf wire-format reader for asserting on encoded messages.</summary>
internal sealed class ProtoMessage
{
    public sealed record Field(int Number, int WireType, ulong Varint, byte[] Bytes)
    {
        public string String => Encoding.UTF8.GetString(Bytes);
        public ProtoMessage Message => new(Bytes);
        public double Double => BinaryPrimitives.ReadDoubleLittleEndian(Bytes);
    }

    public IReadOnlyList<Field> Fields { get; }

    public ProtoMessage(byte[] bytes)
    {
        var fields = new List<Field>();
        var i = 0;
        while (i < bytes.Length)
        {
            var tag = ReadVarint(bytes, ref i);
            int number = (int)(tag >> 3), wireType = (int)(tag & 7);
            switch (wireType)
            {
                case 0: fields.Add(new Field(number, 0, ReadVarint(bytes, ref i), [])); break;
                case 1: fields.Add(new Field(number, 1, 0, bytes[i..(i + 8)])); i += 8; break;
                case 2:
                    var length = (int)ReadVarint(bytes, ref i);
                    fields.Add(new Field(number, 2, 0, bytes[i..(i + length)]));
                    i += length;
                    break;
                default: throw new InvalidDataException($"wire type {wireType}");
            }
        }
        Fields = fields;
    }

    public IEnumerable<Field> All(int number) => Fields.Where(f => f.Number == number);
    public Field One(int number) => Assert.Single(All(number));
    public string String(int number) => All(number).SingleOrDefault()?.String ?? "";
    public ProtoMessage Message(int number) => One(number).Message;
    public IEnumerable<string> Strings(int number) => All(number).Select(f => f.String);

    /// <summary>Entries of a Named* map (name = 1, value = 2) stored in repeated field <paramref name="number"/>.</summary>
    public IReadOnlyDictionary<string, ProtoMessage> Named(int number) =>
        All(number).Select(f => f.Message).ToDictionary(m => m.String(1), m => m.Message(2));

    /// <summary>Vendor extensions (NamedAny) in field <paramref name="number"/>: name → the Any's YAML text.</summary>
    public IReadOnlyDictionary<string, string> Extensions(int number) =>
        All(number).Select(f => f.Message).ToDictionary(m => m.String(1), m => m.Message(2).String(2));

    static ulong ReadVarint(byte[] bytes, ref int i)
    {
        ulong value = 0;
        for (var shift = 0; ; shift += 7)
        {
            var b = bytes[i++];
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80) return value;
        }
    }
}
