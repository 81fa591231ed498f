#!/usr/bin/env bash
# Deploys vtrans to AWS: packages the nested templates to S3, then creates or updates the root stack.
#
#   deploy/aws/deploy.sh ENVIRONMENT CERTIFICATE_ARN ARTIFACT_BUCKET [IMAGE_TAG]
#
#   ENVIRONMENT      dev | staging | prod   (stack name: vtrans-ENVIRONMENT)
#   CERTIFICATE_ARN  ACM certificate in the target region for the HTTPS listener
#   ARTIFACT_BUCKET  an existing S3 bucket for the packaged templates
#   IMAGE_TAG        tag in the environment's ECR repository; omit on the first run (creates only
#                    the network and storage; push an image, then run again with its tag). Omitted
#                    on a later run, the stack keeps the tag it had.
#
# Extra parameter overrides can follow in VTRANS_STACK_PARAMS, e.g.
#   VTRANS_STACK_PARAMS="AlarmEmail=ops@example.com FargateSpot=on" deploy/aws/deploy.sh prod ...
set -euo pipefail

if (($# < 3)); then
  sed -n '2,14p' "$0" >&2
  exit 64
fi

environment=$1 certificate_arn=$2 artifact_bucket=$3 image_tag=${4:-}
case "$environment" in dev | staging | prod) ;; *) echo "deploy.sh: environment must be dev, staging or prod" >&2; exit 64 ;; esac

overrides=("Environment=$environment" "CertificateArn=$certificate_arn")
[[ -n "$image_tag" ]] && overrides+=("ImageTag=$image_tag")

here=$(cd "$(dirname "$0")" && pwd)
packaged=$(mktemp --suffix=.yaml)
trap 'rm -f "$packaged"' EXIT

aws cloudformation package \
  --template-file "$here/main.yaml" \
  --s3-bucket "$artifact_bucket" \
  --s3-prefix "vtrans/$environment" \
  --output-template-file "$packaged"

# shellcheck disable=SC2086 # VTRANS_STACK_PARAMS is a list of Key=Value words
aws cloudformation deploy \
  --stack-name "vtrans-$environment" \
  --template-file "$packaged" \
  --capabilities CAPABILITY_IAM \
  --no-fail-on-empty-changeset \
  --tags "vtrans:environment=$environment" \
  --parameter-overrides "${overrides[@]}" ${VTRANS_STACK_PARAMS:-}

aws cloudformation describe-stacks --stack-name "vtrans-$environment" \
  --query 'Stacks[0].Outputs[].[OutputKey,OutputValue]' --output table
