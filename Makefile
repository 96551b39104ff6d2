# The Lambda functions, built by `sam build` (template.yaml: BuildMethod: makefile, CodeUri: the repository root).
# aws-lambda-builders (workflows/custom_make) copies CodeUri to a scratch directory and runs
#   make --makefile <CodeUri>/Makefile build-<LogicalId>
# there, with ARTIFACTS_DIR set to the function's package directory, and nothing about its architecture.
# So the package holds the program published for both Lambda architectures, and `bootstrap` starts the one
# for the machine it runs on (about twice the size; never the wrong architecture). LAMBDA_RIDS=linux-x64 (or
# linux-arm64) builds one only, for a stack whose Architecture is known.
LAMBDA_PROJECT := src/Lambdas/GitHubBackup.Lambdas.csproj
LAMBDA_RIDS ?= linux-x64 linux-arm64
# Intermediate files of this build only, so bin/obj copied from a working tree never leak into the package.
LAMBDA_BUILD_DIR ?= obj/lambda-build

.PHONY: build-PlanFunction build-SummarizeFunction build-ListOrgsFunction build-PruneFunction lambda-package

build-PlanFunction build-SummarizeFunction build-ListOrgsFunction build-PruneFunction: lambda-package

lambda-package:
	$(if $(ARTIFACTS_DIR),,$(error ARTIFACTS_DIR is not set: sam build sets it to the function's package directory))
	$(foreach rid,$(LAMBDA_RIDS),dotnet publish $(LAMBDA_PROJECT) --configuration Release --runtime $(rid) --self-contained --artifacts-path $(LAMBDA_BUILD_DIR) --output "$(ARTIFACTS_DIR)/$(rid)" &&) true
	cp src/Lambdas/bootstrap "$(ARTIFACTS_DIR)/bootstrap"
	chmod 755 "$(ARTIFACTS_DIR)/bootstrap"
