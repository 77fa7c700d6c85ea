package smallcache_test

import (
	"errors"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paysign/paysign/core/internal/smallcache"
)

func TestCacheMakesEachValueOnceUntilItStartsOver(t *testing.T) {
	made := map[string]int{}
	c := smallcache.New(func(text string) (string, error) {
		made[text]++
		if text == "bad" {
			return "", errors.New("cannot make it")
		}
		return "value of " + text, nil
	})
	for range 3 {
		v, err := smallcache.Get(c, "a")
		require.NoError(t, err)
		assert.Equal(t, "value of a", v)
	}
	assert.Equal(t, 1, made["a"], "made once")

	key := []byte("b")
	v, err := smallcache.Get(c, key)
	require.NoError(t, err)
	assert.Equal(t, "value of b", v)
	key[0] = 'c' // the cache kept its own copy of the text
	v, _ = smallcache.Get(c, []byte("b"))
	assert.Equal(t, "value of b", v)
	assert.Equal(t, 1, made["b"])

	for range 2 {
		_, err = smallcache.Get(c, "bad")
		assert.Error(t, err)
	}
	assert.Equal(t, 2, made["bad"], "an error is not kept")

	for i := range smallcache.Size {
		_, err := smallcache.Get(c, fmt.Sprint(i))
		require.NoError(t, err)
	}
	_, _ = smallcache.Get(c, "a")
	assert.Equal(t, 2, made["a"], "full, the cache started over")
}
