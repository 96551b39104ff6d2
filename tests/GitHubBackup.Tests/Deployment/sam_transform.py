"""Expands template.yaml to plain CloudFormation JSON offline, the way `sam package` + the SAM transform would.

`sam package` uploads code and the state machine definition and rewrites CodeUri/DefinitionUri to S3 locations;
this does the same rewrite with placeholders, then runs aws-sam-translator without AWS credentials (managed
policies are not used by the template, so no policy lookup is needed).
usage: python3 sam_transform.py template.yaml > transformed.json
"""
import json
import os
import sys

from samtranslator.translator.transform import transform
from samtranslator.yaml_helper import yaml_parse


class NoManagedPolicies:
    def load(self):
        return {}


def main(path):
    os.environ.setdefault("AWS_DEFAULT_REGION", "us-east-1")
    with open(path, encoding="utf-8") as f:
        template = yaml_parse(f.read())
    template.setdefault("Globals", {}).setdefault("Function", {})["CodeUri"] = "s3://packaged-artifacts/lambdas.zip"
    for resource in template["Resources"].values():
        properties = resource.get("Properties", {})
        if resource["Type"] == "AWS::Serverless::Function" and "CodeUri" in properties:
            properties["CodeUri"] = "s3://packaged-artifacts/lambdas.zip"
        if resource["Type"] == "AWS::Serverless::StateMachine" and "DefinitionUri" in properties:
            properties["DefinitionUri"] = {"Bucket": "packaged-artifacts", "Key": "backup.asl.json"}
    json.dump(transform(template, {}, NoManagedPolicies()), sys.stdout, indent=1, default=str)


if __name__ == "__main__":
    main(sys.argv[1])
