package task_test

import (
	"testing"

	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"
)

var _ = require.NoError
var _ = rapid.Check
var _ testing.T
